using System.Net;
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
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly long _bodyBytes;
    private long _sent;

    public RawHugeBodyServer(long bodyBytes)
    {
        _bodyBytes = bodyBytes;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/huge";

    public long BytesSent => Interlocked.Read(ref _sent);

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
        client.SendBufferSize = 64 * 1024;
        try
        {
            var request = new byte[8192];
            await client.ReceiveAsync(request, _stop.Token);
            await client.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n"), _stop.Token);
            var payload = new byte[64 * 1024];
            Array.Fill(payload, (byte)'x');
            var chunk = Encoding.ASCII.GetBytes($"{payload.Length:x}\r\n").Concat(payload).Concat("\r\n"u8.ToArray()).ToArray();
            for (long body = 0; body < _bodyBytes; body += payload.Length)
            {
                var sent = await client.SendAsync(chunk, _stop.Token);
                Interlocked.Add(ref _sent, sent);
            }

            await client.SendAsync("0\r\n\r\n"u8.ToArray(), _stop.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The client went away: what this server exists to witness.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
