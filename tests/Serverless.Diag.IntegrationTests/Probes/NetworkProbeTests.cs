using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Serverless.Diag.Assertions;
using Serverless.Diag.Probes;
using Serverless.Diag.Probes.Dns;
using Serverless.Diag.Probes.Tcp;
using Serverless.Diag.Probes.Tls;
using Serverless.Diag.Probes.WebSocket;
using Serverless.Diag.TestKit.Targets;

using Serverless.Diag.TestKit.Probes;

namespace Serverless.Diag.IntegrationTests.Probes;

/// <summary>tcp, dns, tls and websocket against real loopback servers.</summary>
public sealed class NetworkProbeTests
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(3);
    private readonly ProbeHarness _harness = new();

    [Fact]
    public async Task Tcp_connects_to_a_listening_port()
    {
        await using var target = await KestrelTarget.StartAsync(app => app.MapStatus("/", 200, "ok"));

        var result = await RunAsync(new TcpProbeFactory(), new() { ["host"] = "127.0.0.1", ["port"] = target.Port });

        Assert.Null(result.Error);
        Assert.Equal(true, Value(result, "connected"));
        Assert.True((double)Value(result, "latency")! >= 0);
    }

    [Fact]
    public async Task Tcp_to_a_closed_port_is_refused_unless_the_check_says_it_must_be_closed()
    {
        var port = HttpProbeTests.FreePort();
        var settings = new Dictionary<string, object> { ["host"] = "127.0.0.1", ["port"] = port };

        var (open, elapsed) = await TimedRunAsync(new TcpProbeFactory(), settings, TimeSpan.FromSeconds(5));
        var mustBeClosed = await RunAsync(new TcpProbeFactory(), settings, assertions:
            [new Assertion("connected == false", AssertionLevel.Fail, "connected", AssertionOperator.Equal, new BoolValue(false))]);

        Assert.Equal(ErrorCause.Refused, open.Error?.Cause);
        Assert.Equal(false, Value(open, "connected"));
        Assert.True(elapsed < TimeSpan.FromSeconds(5) + Margin);
        Assert.Null(mustBeClosed.Error);
        Assert.Equal(false, Value(mustBeClosed, "connected"));
    }

    [Fact]
    public async Task Dns_resolves_localhost_and_fails_on_an_invalid_name()
    {
        var resolved = await RunAsync(new DnsProbeFactory(), new() { ["host"] = "localhost", ["record_type"] = "A" });
        var (missing, elapsed) = await TimedRunAsync(new DnsProbeFactory(), new() { ["host"] = "no-such-service.invalid" }, TimeSpan.FromSeconds(10));
        var mustNotResolve = await RunAsync(new DnsProbeFactory(), new() { ["host"] = "no-such-service.invalid" }, assertions:
            [new Assertion("resolved == false", AssertionLevel.Fail, "resolved", AssertionOperator.Equal, new BoolValue(false))]);

        Assert.Null(resolved.Error);
        Assert.Equal(true, Value(resolved, "resolved"));
        Assert.Contains("127.0.0.1", (List<object?>)Value(resolved, "addresses")!);
        Assert.Equal(ErrorCause.Dns, missing.Error?.Cause);
        Assert.Contains("no-such-service.invalid", missing.Error!.Message, StringComparison.Ordinal);
        Assert.True(elapsed < TimeSpan.FromSeconds(10) + Margin);
        Assert.Null(mustNotResolve.Error);
        Assert.Equal(false, Value(mustNotResolve, "resolved"));
    }

    [Fact]
    public async Task Tls_measures_an_expired_self_signed_certificate_instead_of_failing()
    {
        using var certificate = TestCertificates.Expired();
        await using var target = await KestrelTarget.StartAsync(app => app.MapStatus("/", 200, "ok"), certificate);

        var result = await RunAsync(new TlsProbeFactory(), new() { ["host"] = "127.0.0.1", ["port"] = target.Port, ["server_name"] = "localhost" });

        Assert.Null(result.Error);
        Assert.InRange((double)Value(result, "cert.days_left")!, -1.1, -0.9);
        Assert.Equal("CN=localhost", Value(result, "cert.subject"));
        Assert.Equal("CN=localhost", Value(result, "cert.issuer"));
        Assert.Equal(true, Value(result, "hostname_valid"));
        Assert.Equal(false, Value(result, "chain_valid"));
        Assert.StartsWith("Tls1", (string)Value(result, "protocol")!, StringComparison.Ordinal);
        var evidence = Assert.Single(result.Evidence);
        Assert.Contains("expired on", evidence.Content, StringComparison.Ordinal);
        Assert.Contains("self-signed", evidence.Content, StringComparison.Ordinal);
        Assert.NotEmpty(result.Hints);
    }

    [Fact]
    public async Task Tls_reports_a_certificate_for_another_name_as_hostname_invalid()
    {
        using var certificate = TestCertificates.WrongHost();
        await using var target = await KestrelTarget.StartAsync(app => app.MapStatus("/", 200, "ok"), certificate);

        var result = await RunAsync(new TlsProbeFactory(), new() { ["host"] = "localhost", ["port"] = target.Port });

        Assert.Null(result.Error);
        Assert.Equal(false, Value(result, "hostname_valid"));
        Assert.InRange((double)Value(result, "cert.days_left")!, 29, 31);
        Assert.Contains("wrong.example", (List<object?>)Value(result, "cert.names")!);
    }

    [Fact]
    public async Task Tls_against_a_plain_http_port_is_a_tls_error_and_a_closed_port_is_refused()
    {
        await using var target = await KestrelTarget.StartAsync(app => app.MapStatus("/", 200, "ok"));

        var (plain, elapsed) = await TimedRunAsync(new TlsProbeFactory(), new() { ["host"] = "127.0.0.1", ["port"] = target.Port }, TimeSpan.FromSeconds(5));
        var closed = await RunAsync(new TlsProbeFactory(), new() { ["host"] = "127.0.0.1", ["port"] = HttpProbeTests.FreePort() });

        Assert.Equal(ErrorCause.Tls, plain.Error?.Cause);
        Assert.True(elapsed < TimeSpan.FromSeconds(5) + Margin);
        Assert.Equal(ErrorCause.Refused, closed.Error?.Cause);
    }

    [Fact]
    public async Task WebSocket_echo_measures_connect_reply_and_roundtrip()
    {
        await using var target = await KestrelTarget.StartAsync(app => app.MapWebSocketEcho("/ws", prefix: "echo: "));

        var result = await RunAsync(new WebSocketProbeFactory(), new() { ["url"] = target.Url("/ws", scheme: "ws"), ["send"] = "ping" });

        Assert.Null(result.Error);
        Assert.Equal(true, Value(result, "connected"));
        Assert.Equal("echo: ping", Value(result, "reply"));
        Assert.True((double)Value(result, "roundtrip")! >= 0);
        Assert.True((double)Value(result, "latency")! >= 0);
    }

    [Fact]
    public async Task WebSocket_to_a_plain_http_endpoint_says_the_server_did_not_switch_and_a_closed_port_is_refused()
    {
        await using var target = await KestrelTarget.StartAsync(app => app.MapStatus("/ws", 404, "not here"));

        var notWebSocket = await RunAsync(new WebSocketProbeFactory(), new() { ["url"] = target.Url("/ws", scheme: "ws") });
        var refused = await RunAsync(new WebSocketProbeFactory(), new() { ["url"] = $"ws://127.0.0.1:{HttpProbeTests.FreePort()}/ws" });

        Assert.Equal(ErrorCause.Protocol, notWebSocket.Error?.Cause);
        Assert.Contains("404", notWebSocket.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(false, Value(notWebSocket, "connected"));
        Assert.Equal(ErrorCause.Refused, refused.Error?.Cause);
    }

    [Fact]
    public async Task WebSocket_without_a_reply_times_out_within_the_timeout()
    {
        await using var target = await KestrelTarget.StartAsync(app =>
        {
            app.UseWebSockets();
            app.Map("/silent", async (Microsoft.AspNetCore.Http.HttpContext c) =>
            {
                using var socket = await c.WebSockets.AcceptWebSocketAsync();
                await Task.Delay(TimeSpan.FromSeconds(60), c.RequestAborted);
            });
        });

        var (result, elapsed) = await TimedRunAsync(new WebSocketProbeFactory(), new() { ["url"] = target.Url("/silent", scheme: "ws"), ["send"] = "ping" }, TimeSpan.FromSeconds(2));

        Assert.Equal(ErrorCause.Timeout, result.Error?.Cause);
        Assert.StartsWith("no reply within 2s", result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(true, Value(result, "connected"));
        Assert.InRange(elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(2) + Margin);
    }

    private async Task<ProbeResult> RunAsync(IProbeFactory factory, Dictionary<string, object> settings, IReadOnlyList<Assertion>? assertions = null) =>
        (await TimedRunAsync(factory, settings, TimeSpan.FromSeconds(10), assertions)).Result;

    private async Task<(ProbeResult Result, TimeSpan Elapsed)> TimedRunAsync(IProbeFactory factory, Dictionary<string, object> settings, TimeSpan timeout, IReadOnlyList<Assertion>? assertions = null)
    {
        var probe = _harness.Create(factory, settings);
        Assert.True(probe is not null, string.Join("\n", _harness.Diagnostics.Errors));
        using var cts = new CancellationTokenSource(timeout);
        var context = _harness.Context(timeout);
        if (assertions is not null)
        {
            context = new ProbeContext
            {
                Environment = context.Environment,
                CheckName = context.CheckName,
                Timeout = context.Timeout,
                TimeProvider = context.TimeProvider,
                Logger = context.Logger,
                Secrets = context.Secrets,
                Assertions = assertions,
            };
        }

        var watch = Stopwatch.StartNew();
        var result = await probe.RunAsync(context, cts.Token);
        return (result, watch.Elapsed);
    }

    private static object? Value(ProbeResult result, string path)
    {
        var lookup = result.Measurements.Lookup(path);
        Assert.True(lookup.Found, $"{path}: {lookup.MissingReason} (error: {result.Error})");
        return lookup.Value;
    }
}
