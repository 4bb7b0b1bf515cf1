namespace Engine;

// An item of the ready queue that is processed in its turn instead of stepped: a simulation event under SimPy's event
// order (EventLoop.EventOrder.cs, Engine/Simulation). Processing runs the event's callbacks in the order they were
// added; a waiting task among them is stepped at once, without a queue turn (EventLoop.StepWokenInPlace), at the event's place in the queue.
internal interface IQueuedEvent
{
    void Process();
}
