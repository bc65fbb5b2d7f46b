using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Serverless.Diag.TestKit.Targets;

/// <summary>
/// A bare socket server that answers every request with the same bytes, then closes: for responses Kestrel refuses
/// to write (<c>Content-Length: abc</c>, conflicting lengths, broken framing).
/// </summary>
public sealed class RawHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly byte[] _response;

    public RawHttpServer(string response)
    {
        _response = Encoding.UTF8.GetBytes(response);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Url(string path = "/") => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}{path}";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptSocketAsync(_stop.Token);
                _ = ServeAsync(client);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using var _ = client;
        try
        {
            var request = new byte[8192];
            await client.ReceiveAsync(request, _stop.Token);
            await client.SendAsync(_response, _stop.Token);
            client.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The client went away or the server stopped.
        }
    }
}
