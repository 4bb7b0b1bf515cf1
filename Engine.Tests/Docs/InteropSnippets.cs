using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Engine.Tests.Interop;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Docs;

// The code of docs/interop.md, compiled and run. The doc quotes these members verbatim (checked by DocSnippetTests).
// The HttpClient examples talk to a server on 127.0.0.1 (LoopbackHttpServer); nothing leaves the machine.
[TestClass]
public sealed class InteropSnippets
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(30);

    // --- HttpClient -------------------------------------------------------------------------------------------------

    private static IEnumerator<Yield> Fetch(HttpClient http, Uri page, List<string> log)
    {
        // The request runs on .NET's own machinery; this coroutine resumes on the loop with the body.
        yield return Yield.Await(http.GetStringAsync(page, Co.CancellationToken));
        log.Add(Co.Result<string>());
    }

    private static IEnumerator<Yield> FetchAll(HttpClient http, Uri a, Uri b, Uri slow, List<string> log)
    {
        // Several requests at once: Co.FromTask makes each Task a future of this loop.
        Future<string> first = Co.FromTask(http.GetStringAsync(a, Co.CancellationToken));
        Future<string> second = Co.FromTask(http.GetStringAsync(b, Co.CancellationToken));
        yield return Co.Gather(first, second);
        log.Add(first.Result + " | " + second.Result);

        // A deadline: WaitFor cancels the task on timeout, and the task's token cancels its HTTP request.
        CoTask stuck = Co.Spawn(Fetch(http, slow, log));
        yield return Co.Catch(Co.WaitFor(stuck, timeout: 0.2));
        log.Add($"{Co.Exception?.GetType().Name}, request cancelled: {stuck.IsCancelled}");
    }

    [TestMethod]
    public void HttpClient_calls_from_coroutines_and_their_cancellation()
    {
        using var server = new LoopbackHttpServer();
        var requests = new RecordingHttpHandler();
        using var http = new HttpClient(requests) { Timeout = s_bound };
        var log = new List<string>();
        Co.Run(FetchAll(http, new Uri(server.BaseAddress, "a"), new Uri(server.BaseAddress, "b"), new Uri(server.BaseAddress, "slow"), log));
        CollectionAssert.AreEqual(
            new[] { LoopbackHttpServer.BodyFor("/a") + " | " + LoopbackHttpServer.BodyFor("/b"), "TimeoutException, request cancelled: True" },
            log);
        Assert.IsTrue(SpinWait.SpinUntil(() => requests.Outcomes.Count == 3, s_bound));
        CollectionAssert.AreEquivalent(new[] { "/a ok", "/b ok", "/slow cancelled" }, requests.Outcomes.ToArray(), "the task's token cancelled its HTTP request");
        Assert.AreEqual(2, server.Served);
        Assert.IsTrue(SpinWait.SpinUntil(() => server.Aborted == server.SlowRequests, s_bound), "a slow request that reached the server had its connection closed");
    }

    // --- A database-style API ---------------------------------------------------------------------------------------

    public sealed record Order(int Id, string Customer, decimal Total);

    // Task-returning methods that take a token, as ADO.NET, Dapper or EF Core offer them.
    public interface IOrderStore
    {
        Task<Order?> FindAsync(int id, CancellationToken cancellationToken);

        Task SaveAsync(Order order, CancellationToken cancellationToken);

        ValueTask<int> CountAsync(CancellationToken cancellationToken);   // cached: often complete at once
    }

    private static IEnumerator<Yield> ApplyDiscount(IOrderStore store, int id, List<string> log)
    {
        yield return Yield.Await(store.FindAsync(id, Co.CancellationToken));
        Order? order = Co.Result<Order?>();
        if (order is null)
        {
            log.Add($"order {id}: not found");
            yield break;
        }

        Order discounted = order with { Total = order.Total * 0.9m };
        yield return Co.Catch(Yield.Await(store.SaveAsync(discounted, Co.CancellationToken)));
        if (Co.Exception is not null)
        {
            log.Add($"order {id}: {Co.Exception.Message}");
            yield break;
        }

        yield return Yield.Await(store.CountAsync(Co.CancellationToken));
        log.Add($"order {id}: {discounted.Total} of {Co.Result<int>()} orders");
    }

    private static IEnumerator<Yield> DiscountMany(IOrderStore store, List<string> log)
    {
        var work = new List<Future>();
        foreach (int id in new[] { 1, 2, 3, 99 })
        {
            work.Add(Co.Spawn(ApplyDiscount(store, id, log)));   // all four queries in flight at once
        }

        yield return Co.Gather(work, returnExceptions: false);
    }

    // An in-memory stand-in for a database: every call completes later on the thread pool, as a driver's would.
    private sealed class MemoryOrderStore : IOrderStore
    {
        private readonly ConcurrentDictionary<int, Order> _orders = new();

        public MemoryOrderStore()
        {
            _orders[1] = new Order(1, "Ada", 100m);
            _orders[2] = new Order(2, "Grace", 50m);
            _orders[3] = new Order(3, "locked", 10m);
        }

        public async Task<Order?> FindAsync(int id, CancellationToken cancellationToken)
        {
            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
            return _orders.TryGetValue(id, out Order? order) ? order : null;
        }

        public async Task SaveAsync(Order order, CancellationToken cancellationToken)
        {
            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
            if (order.Customer == "locked")
            {
                throw new InvalidOperationException("the row is locked");
            }

            _orders[order.Id] = order;
        }

        public ValueTask<int> CountAsync(CancellationToken cancellationToken) => new(_orders.Count);

        public Order Get(int id) => _orders[id];
    }

    [TestMethod]
    public void Database_style_calls_with_results_failures_and_value_tasks()
    {
        var store = new MemoryOrderStore();
        var log = new List<string>();
        Co.Run(DiscountMany(store, log));
        CollectionAssert.AreEquivalent(
            new[] { $"order 1: {90.0m} of 3 orders", $"order 2: {45.0m} of 3 orders", "order 3: the row is locked", "order 99: not found" },
            log);
        Assert.AreEqual(90.0m, store.Get(1).Total);
        Assert.AreEqual(10m, store.Get(3).Total);
    }

    // --- Cancelling from outside with a token --------------------------------------------------------------------------

    private static IEnumerator<Yield> WorkForever(List<string> log)
    {
        try
        {
            while (true)
            {
                yield return Yield.Seconds(0.01);
            }
        }
        finally
        {
            log.Add("worker cleaned up");
        }
    }

    private static IEnumerator<Yield> Supervise(CancellationToken shutdown, List<string> log)
    {
        CoTask worker = Co.Spawn(WorkForever(log), shutdown);   // cancelled, on the loop, when the token is
        yield return Co.Catch(worker);
        log.Add($"worker cancelled: {worker.IsCancelled}");
    }

    [TestMethod]
    public void A_token_from_outside_cancels_a_task()
    {
        var log = new List<string>();
        using var shutdown = new CancellationTokenSource();
        using var loop = new EventLoop(ClockKind.Real);
        IEnumerator<Yield> CancelSoon()
        {
            // Wakes after the worker's first step (the worker was ready before this timer could fire), so the worker
            // has entered its try block. The token may be cancelled on any thread; CancellationTokenTests does that.
            yield return Yield.Seconds(0.1);
            shutdown.Cancel();
        }

        loop.Spawn(CancelSoon());
        loop.Run(Supervise(shutdown.Token, log));
        CollectionAssert.AreEqual(new[] { "worker cleaned up", "worker cancelled: True" }, log);
    }

    // --- Async code around a loop ------------------------------------------------------------------------------------

    private static IEnumerator<Yield> Answer(string question)
    {
        yield return Yield.Seconds(0.01);   // the loop's own waits: timers, sockets, queues...
        yield return Yield.Return(question.ToUpperInvariant());
    }

    private static IEnumerator<Yield> ServeUntilStopped()
    {
        while (true)
        {
            yield return Yield.Seconds(1);   // a server's own work: accept loops, timers...
        }
    }

    public static async Task<string> AskTheLoopAsync()
    {
        using var stop = new CancellationTokenSource();
        using var loop = new EventLoop(ClockKind.Real);
        Task<object?> server = loop.RunAsync(ServeUntilStopped(), stop.Token);   // the loop gets a thread of its own
        string answer = await loop.SpawnThreadSafe<string>(Answer("ping"));    // hand it work from any thread
        stop.Cancel();                                                          // cancels ServeUntilStopped
        try
        {
            await server;                                                       // the loop has stopped: it may be disposed
        }
        catch (OperationCanceledException)
        {
        }

        return answer;
    }

    private static IEnumerator<Yield> StartDownload(List<Task<string>> handedOut)
    {
        CoTask download = Co.Spawn(Answer("report.pdf"));
        handedOut.Add(download.AsTask<string>());   // async code elsewhere can await this
        yield return download;
    }

    public static async Task<string> AwaitFromOutsideAsync()
    {
        var handedOut = new List<Task<string>>();
        await Co.RunAsync(StartDownload(handedOut));   // a new loop on a thread of its own, like asyncio.run
        return await handedOut[0];
    }

    [TestMethod]
    public async Task Async_code_awaits_the_loop()
    {
        Assert.AreEqual("PING", await AskTheLoopAsync().WaitAsync(s_bound));
        Assert.AreEqual("REPORT.PDF", await AwaitFromOutsideAsync().WaitAsync(s_bound));
    }
}
