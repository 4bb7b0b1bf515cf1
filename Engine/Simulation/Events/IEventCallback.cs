namespace Engine.Simulation;

// An engine object that reacts when a simulation event is processed, in its place among the event's callbacks: a
// condition checking its legs. No delegate per registration.
internal interface IEventCallback
{
    void OnEventProcessed(SimEvent processed);
}
