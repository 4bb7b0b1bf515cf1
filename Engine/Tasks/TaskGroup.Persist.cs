using System.Buffers;
using System.Collections.Generic;
using Engine.Persist;
using Engine.World;

namespace Engine;

// Whole-loop saves (Engine/World): a group's phase, its parent, its children (in spawn order, finished ones too, as the
// live group keeps them until its array fills), how many still run, the errors gathered so far with their task names,
// the signal it interrupted its body with (by identity, so a restored body that unwinds is recognised as cancelled by
// the group), and the parent's wait for the children. The group's listener is a waiter in each running child's list
// and the wait source the joining parent parks on: both are saved as the group's "join" role, so each child's list
// re-registers it in its saved place. Created empty, then filled. Cold path.
public sealed partial class TaskGroup : IPersistedPrimitive
{
    string? IPersistedPrimitive.RoleOf(WaitSource source) => ReferenceEquals(source, _listener) ? "join" : null;

    WaitSource IPersistedPrimitive.SourceFor(string role) => _listener;

    void IPersistedPrimitive.WriteForSave(FieldWriter fields)
    {
        fields.Add("State", (int)_state);
        fields.Add("Parent", _parent);
        var children = new List<CoTask>(_childCount);
        for (int i = 0; i < _childCount; i++)
        {
            children.Add(_children![i]);
        }

        fields.Add("Children", children.Count == 0 ? null : children);
        fields.Add("Remaining", _remaining);
        fields.Add("Errors", _errors.Count == 0 ? null : new List<System.Exception>(_errors));
        fields.Add("ErrorNames", _errorNames.Count == 0 ? null : new List<string>(_errorNames));
        fields.Add("Signal", (System.Exception?)_signal);
        fields.Add("Joining", _hasJoiner && _joiner.IsLive);
    }

    void IPersistedPrimitive.ReadForRestore(FieldReader fields, EventLoop loop)
    {
        _state = (State)fields.Get<int>("State");
        _parent = fields.Get<CoTask>("Parent");
        _loop = _parent is null ? null : loop;
        if (fields.Get<List<CoTask>>("Children") is { Count: > 0 } children)
        {
            _children = ArrayPool<CoTask>.Shared.Rent(System.Math.Max(16, children.Count));
            children.CopyTo(_children);
            _childCount = children.Count;
        }

        _remaining = fields.Get<int>("Remaining");
        _errors.AddRange(fields.Get<List<System.Exception>>("Errors") ?? new List<System.Exception>());
        _errorNames.AddRange(fields.Get<List<string>>("ErrorNames") ?? new List<string>());
        _signal = (CancelledException?)fields.Get<System.Exception>("Signal");
        if (fields.Get<bool>("Joining"))
        {
            _joiner = new ParkedTask(_parent!, _parent!.ParkForRestore(_listener));
            _hasJoiner = true;
        }
    }
}
