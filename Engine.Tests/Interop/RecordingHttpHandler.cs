using System;
using System.Collections.Concurrent;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Engine.Tests.Interop;

// Records how each HttpClient request ended ("/path ok" or "/path cancelled"), on the client side, so a test can tell
// that cancelling a coroutine cancelled its HTTP request whatever the request had reached on the wire.
internal sealed class RecordingHttpHandler : DelegatingHandler
{
    public RecordingHttpHandler()
        : base(new SocketsHttpHandler { UseProxy = false })
    {
    }

    public ConcurrentQueue<string> Outcomes { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string path = request.RequestUri?.AbsolutePath ?? "?";
        try
        {
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            Outcomes.Enqueue(path + " ok");
            return response;
        }
        catch (OperationCanceledException)
        {
            Outcomes.Enqueue(path + " cancelled");
            throw;
        }
    }
}
