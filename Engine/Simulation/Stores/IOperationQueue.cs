namespace Engine.Simulation;

// What owns queued put and get operations (stores, containers, resource pools): it withdraws a cancelled one from its
// queue, and serves its other queue when one is processed (SimPy's Put and Get callbacks).
internal interface IOperationQueue
{
    void Withdraw(QueueOperation operation);

    void OnProcessed(QueueOperation operation);
}
