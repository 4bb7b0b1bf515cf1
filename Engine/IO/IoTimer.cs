using System;

namespace Engine.IO;

// The one pending timeout timer of a registration's direction (see IoRegistration). Armed for the earliest
// deadline it must cover; an earlier pending timer is kept (it re-arms when it fires), a later one is
// superseded by scheduling another (the stale one lapses harmlessly: OnTimer checks the current deadline).
internal sealed class IoTimer
{
    private readonly IoDriver _driver;
    private readonly Action _fire;
    private bool _pending;
    private double _due;

    public IoTimer(IoDriver driver, IoRegistration registration, IoEvents direction)
    {
        _driver = driver;
        Registration = registration;
        Direction = direction;
        _fire = Fire;
    }

    public IoRegistration Registration { get; }

    public IoEvents Direction { get; }

    public void Arm(EventLoop loop, double deadline)
    {
        if (_pending && _due <= deadline)
        {
            return;
        }

        _pending = true;
        _due = deadline;
        loop.CallAt(deadline, _fire);
    }

    private void Fire()
    {
        _pending = false;
        _driver.OnTimer(this);
    }
}
