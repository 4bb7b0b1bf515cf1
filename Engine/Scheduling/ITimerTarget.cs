namespace Engine;

// A timer-queue entry that is neither a parked task nor a callback: an engine object that acts itself when its
// time comes (a socket wait's deadline, a timeout scope). Allocation-free, unlike a CallbackHandle per timer.
internal interface ITimerTarget
{
    // The entry armed with version came due.
    void OnTimer(int version);
}
