using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Engine.Tests.Interop;

// A minimal HTTP/1.1 server on 127.0.0.1 for the HttpClient examples: one request per connection, GET only. Paths
// starting with /slow never answer: the server counts the request in SlowRequests, waits until the client gives up and
// closes the connection (gracefully or by a reset), and counts that in Aborted. (A request cancelled before it was
// sent never arrives; its connection may stay open in the client's pool, which is why both counts exist.)
// Test scaffolding written with ordinary async .NET code (it plays "the rest of the world"); everything stops on Dispose.
internal sealed class LoopbackHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private int _aborted;
    private int _served;
    private int _slowRequests;

    public LoopbackHttpServer()
    {
        _listener.Start();
        BaseAddress = new Uri("http://127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port + "/");
        _acceptLoop = AcceptLoopAsync();
    }

    public Uri BaseAddress { get; }

    public int Served => Volatile.Read(ref _served);

    public int Aborted => Volatile.Read(ref _aborted);

    public int SlowRequests => Volatile.Read(ref _slowRequests);

    public static string BodyFor(string path) => "hello from " + path;

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _acceptLoop.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                NetworkStream stream = client.GetStream();
                string? path = await ReadRequestPathAsync(stream).ConfigureAwait(false);
                if (path is null)
                {
                    return;
                }

                if (path.StartsWith("/slow", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref _slowRequests);
                    await WaitForClientToCloseAsync(stream).ConfigureAwait(false);
                    return;
                }

                byte[] body = Encoding.UTF8.GetBytes(BodyFor(path));
                byte[] head = Encoding.ASCII.GetBytes(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " + body.Length + "\r\nConnection: close\r\n\r\n");
                await stream.WriteAsync(head, _stop.Token).ConfigureAwait(false);
                await stream.WriteAsync(body, _stop.Token).ConfigureAwait(false);
                Interlocked.Increment(ref _served);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The client went away, or the server is stopping.
            }
        }
    }

    // Never answers: waits for the client to close the connection, bounded by Dispose. A client that gives up while
    // its receive is pending may close gracefully (end of stream) or abortively (reset): both count.
    private async Task WaitForClientToCloseAsync(NetworkStream stream)
    {
        try
        {
            if (await stream.ReadAsync(new byte[1], _stop.Token).ConfigureAwait(false) == 0)
            {
                Interlocked.Increment(ref _aborted);
            }
        }
        catch (IOException)
        {
            Interlocked.Increment(ref _aborted);
        }
    }

    // Reads the request head (bounded to 8 KB) and returns the path of its request line, or null.
    private async Task<string?> ReadRequestPathAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var buffer = new byte[1024];
        while (head.Length < 8192)
        {
            int n = await stream.ReadAsync(buffer, _stop.Token).ConfigureAwait(false);
            if (n == 0)
            {
                return null;
            }

            head.Append(Encoding.ASCII.GetString(buffer, 0, n));
            string text = head.ToString();
            if (text.Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                string[] requestLine = text.Substring(0, text.IndexOf('\r', StringComparison.Ordinal)).Split(' ');
                return requestLine.Length == 3 && requestLine[0] == "GET" ? requestLine[1] : null;
            }
        }

        return null;
    }
}
