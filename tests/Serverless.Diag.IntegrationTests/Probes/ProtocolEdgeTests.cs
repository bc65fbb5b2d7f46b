using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Serverless.Diag.Probes;
using Serverless.Diag.Probes.Http;
using Serverless.Diag.Probes.WebSocket;
using Serverless.Diag.TestKit.Probes;
using Serverless.Diag.TestKit.Targets;

namespace Serverless.Diag.IntegrationTests.Probes;

/// <summary>Responses that look like answers but break the protocol: they are errors with their cause, never a pass.</summary>
public sealed class ProtocolEdgeTests
{
    private readonly ProbeHarness _harness = new();

    [Theory]
    [InlineData("abc", "is not a number ('abc')")]
    [InlineData("-5", "is not a number ('-5')")]
    [InlineData("2 2", "is not a number ('2 2')")]
    public async Task A_content_length_that_is_not_a_number_is_a_protocol_error(string contentLength, string expected)
    {
        await using var server = new RawHttpServer($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {contentLength}\r\nConnection: close\r\n\r\nok");

        var result = await RunAsync(new HttpProbeFactory(), new() { ["url"] = server.Url("/health") });

        Assert.Equal(ErrorCause.Protocol, result.Error?.Cause);
        Assert.Contains(expected, result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(200d, result.Measurements.Lookup("status").Value);
    }

    [Fact]
    public async Task A_sound_content_length_repeated_with_the_same_value_passes()
    {
        await using var server = new RawHttpServer("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");

        var result = await RunAsync(new HttpProbeFactory(), new() { ["url"] = server.Url("/health") });

        Assert.Null(result.Error);
        Assert.Equal(2d, result.Measurements.Lookup("size").Value);
    }

    [Fact]
    public async Task A_websocket_reply_larger_than_max_reply_is_an_error_and_is_not_read_to_its_end()
    {
        const int replyBytes = 10 * 1024 * 1024;
        await using var target = await KestrelTarget.StartAsync(app =>
        {
            app.UseWebSockets();
            app.Map("/big", async (HttpContext context) =>
            {
                using var socket = await context.WebSockets.AcceptWebSocketAsync();
                var buffer = new byte[1024];
                await socket.ReceiveAsync(buffer, context.RequestAborted);
                var chunk = new byte[64 * 1024];
                Array.Fill(chunk, (byte)'x');
                try
                {
                    for (var sent = 0; sent < replyBytes; sent += chunk.Length)
                    {
                        await socket.SendAsync(chunk, WebSocketMessageType.Text, endOfMessage: sent + chunk.Length >= replyBytes, context.RequestAborted);
                    }
                }
                catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
                {
                    // The probe stopped reading and closed.
                }
            });
        });

        var result = await RunAsync(new WebSocketProbeFactory(), new() { ["url"] = target.Url("/big", scheme: "ws"), ["send"] = "ping", ["max_reply"] = "64KB" });

        Assert.Equal(ErrorCause.BodyTooLarge, result.Error?.Cause);
        Assert.Contains("larger than max_reply (64 KB)", result.Error!.Message, StringComparison.Ordinal);
        Assert.False(result.Measurements.Contains("reply"));
        Assert.True(result.Measurements.Contains("roundtrip"));
    }

    [Fact]
    public async Task A_websocket_reply_within_max_reply_passes_whole()
    {
        await using var target = await KestrelTarget.StartAsync(app => app.MapWebSocketEcho("/ws"));
        var message = new string('m', 4000);

        var result = await RunAsync(new WebSocketProbeFactory(), new() { ["url"] = target.Url("/ws", scheme: "ws"), ["send"] = message, ["max_reply"] = "4000B" });

        Assert.Null(result.Error);
        Assert.Equal(message, result.Measurements.Lookup("reply").Value);
    }

    private async Task<ProbeResult> RunAsync(IProbeFactory factory, Dictionary<string, object> settings)
    {
        var probe = _harness.Create(factory, settings);
        Assert.True(probe is not null, string.Join("; ", _harness.Diagnostics.Errors.Select(e => e.Message)));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await probe.RunAsync(_harness.Context(TimeSpan.FromSeconds(20)), timeout.Token);
    }
}
