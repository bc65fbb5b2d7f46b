using System.Net.Sockets;
using System.Text;

namespace Serverless.Diag.TestKit.Targets;

/// <summary>
/// A bare socket server that answers every request with a huge chunked body and counts the bytes the kernel
/// actually accepted: once the client stops reading, sends block and then fail, so <see cref="BytesSent"/> is
/// what the client read plus the socket buffers — a precise witness that the client stopped early. (Kestrel
/// drops writes silently after an abort, so it cannot say that.)
/// </summary>
public sealed class RawHugeBodyServer : IAsyncDisposable
{
    private readonly RawSocketServer _server;
    private readonly long _bodyBytes;
    private long _sent;

    public RawHugeBodyServer(long bodyBytes)
    {
        _bodyBytes = bodyBytes;
        _server = new RawSocketServer(ServeAsync);
    }

    public string Url => _server.Url("/huge");

    public long BytesSent => Interlocked.Read(ref _sent);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    // A client that stops reading makes a send fail: what this server exists to witness.
    private async Task ServeAsync(Socket client, CancellationToken stop)
    {
        client.SendBufferSize = 64 * 1024;
        var request = new byte[8192];
        await client.ReceiveAsync(request, stop);
        await client.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n"), stop);
        var payload = new byte[64 * 1024];
        Array.Fill(payload, (byte)'x');
        var chunk = Encoding.ASCII.GetBytes($"{payload.Length:x}\r\n").Concat(payload).Concat("\r\n"u8.ToArray()).ToArray();
        for (long body = 0; body < _bodyBytes; body += payload.Length)
        {
            var sent = await client.SendAsync(chunk, stop);
            Interlocked.Add(ref _sent, sent);
        }

        await client.SendAsync("0\r\n\r\n"u8.ToArray(), stop);
    }
}
