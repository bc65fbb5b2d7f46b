using System.Net.Sockets;
using System.Text;

namespace Serverless.Diag.TestKit.Targets;

/// <summary>
/// A bare socket server that answers every request with the same bytes, then closes: for responses Kestrel refuses
/// to write (<c>Content-Length: abc</c>, conflicting lengths, broken framing).
/// </summary>
public sealed class RawHttpServer : IAsyncDisposable
{
    private readonly RawSocketServer _server;
    private readonly byte[] _response;

    public RawHttpServer(string response)
    {
        _response = Encoding.UTF8.GetBytes(response);
        _server = new RawSocketServer(ServeAsync);
    }

    public string Url(string path = "/") => _server.Url(path);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task ServeAsync(Socket client, CancellationToken stop)
    {
        var request = new byte[8192];
        await client.ReceiveAsync(request, stop);
        await client.SendAsync(_response, stop);
        client.Shutdown(SocketShutdown.Both);
    }
}
