using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Serverless.Diag.Probes;
using Serverless.Diag.Probes.Http;
using Serverless.Diag.TestKit.Targets;

using Serverless.Diag.TestKit.Probes;

namespace Serverless.Diag.IntegrationTests.Probes;

public sealed class HttpProbeTests
{
    // CPU is shared with other builds: generous, but far below the misbehaving endpoints' delays.
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(3);
    private const string PlantedToken = "tok-PLANTED-3f9a7c21";

    private readonly HttpProbeFactory _factory = new();
    private readonly ProbeHarness _harness = new();

    [Fact]
    public async Task Healthy_json_endpoint_measures_status_phases_size_json_and_headers()
    {
        await using var target = await KestrelTarget.StartAsync(app =>
            app.MapStatus("/health", 200, """{"status":"healthy","items":[{"id":7}]}""", "application/json"));

        var result = await RunAsync(new() { ["url"] = target.Url("/health") }, neededPaths: ["json.status"]);

        Assert.Null(result.Error);
        var m = result.Measurements;
        Assert.Equal(200d, Value(m, "status"));
        Assert.Equal("healthy", Value(m, "json.status"));
        Assert.Equal(7d, Value(m, "json.items[0].id"));
        Assert.Equal(39d, Value(m, "size"));
        Assert.StartsWith("application/json", (string)Value(m, "headers.Content-Type")!, StringComparison.Ordinal);
        Assert.StartsWith("application/json", (string)Value(m, "headers.content-type")!, StringComparison.Ordinal);
        foreach (var phase in new[] { "latency", "ttfb", "dns", "connect" })
        {
            Assert.True((double)Value(m, phase)! >= 0, phase);
        }

        Assert.True((double)Value(m, "latency")! >= (double)Value(m, "ttfb")!);
        Assert.Equal("plain HTTP: no TLS handshake", m.Lookup("tls").MissingReason);
        Assert.Contains("has no property 'nope'", m.Lookup("json.nope").MissingReason, StringComparison.Ordinal);
        Assert.DoesNotContain(m.Export().Keys, key => key == "body");
        var timing = Assert.Single(result.Evidence, e => e.Title.StartsWith("Timing", StringComparison.Ordinal));
        Assert.Contains("dns (namelookup):", timing.Content, StringComparison.Ordinal);
        Assert.Contains("tls (appconnect):        -", timing.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reused_pooled_connection_reports_its_phases_as_absent_with_the_reason()
    {
        await using var target = await KestrelTarget.StartAsync(app => app.MapStatus("/ok", 200, "ok"));
        var settings = new Dictionary<string, object> { ["url"] = target.Url("/ok") };

        var first = await RunAsync(settings);
        var second = await RunAsync(settings);

        Assert.True(first.Measurements.Contains("connect"));
        Assert.False(second.Measurements.Contains("connect"));
        Assert.Contains("pooled connection was reused", second.Measurements.Lookup("dns").MissingReason, StringComparison.Ordinal);
        Assert.Equal(200d, Value(second.Measurements, "status"));
        Assert.Contains(second.Evidence, e => e.Content.Contains("reused from the pool", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_slow_endpoint_times_out_within_the_timeout_plus_a_margin()
    {
        await using var target = await KestrelTarget.StartAsync(app => app.MapSlow("/slow", TimeSpan.FromSeconds(60)));

        var (result, elapsed) = await TimedRunAsync(new() { ["url"] = target.Url("/slow") }, TimeSpan.FromSeconds(2));

        Assert.Equal(ErrorCause.Timeout, result.Error?.Cause);
        Assert.StartsWith("no response within 2s", result.Error!.Message, StringComparison.Ordinal);
        Assert.Contains(result.Hints, h => h.Contains("pool exhaustion", StringComparison.Ordinal));
        Assert.InRange(elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(2) + Margin);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_connection_dropped_before_or_during_the_response_is_a_reset(bool afterHeaders)
    {
        await using var target = await KestrelTarget.StartAsync(app => app.MapReset("/reset", afterHeaders));

        var (result, elapsed) = await TimedRunAsync(new() { ["url"] = target.Url("/reset") }, TimeSpan.FromSeconds(5));

        Assert.Equal(ErrorCause.Reset, result.Error?.Cause);
        Assert.True(elapsed < TimeSpan.FromSeconds(5) + Margin);
    }

    [Fact]
    public async Task A_500_is_measured_with_evidence_and_a_hint_and_a_planted_bearer_token_never_shows()
    {
        await using var target = await KestrelTarget.StartAsync(app => app.MapGet("/boom", (HttpContext c) =>
            Results.Text($"Traceback: KeyError while handling {c.Request.Headers.Authorization}", statusCode: 500)));

        var result = await RunAsync(new()
        {
            ["url"] = target.Url("/boom"),
            ["auth"] = new Dictionary<string, object> { ["type"] = "bearer", ["token"] = PlantedToken },
        });

        Assert.Null(result.Error);
        Assert.Equal(500d, Value(result.Measurements, "status"));
        Assert.Contains(result.Evidence, e => e.Content.StartsWith("HTTP/1.1 500 Internal Server Error", StringComparison.Ordinal));
        var body = Assert.Single(result.Evidence, e => e.Title.StartsWith("Response body", StringComparison.Ordinal));
        Assert.Contains("Traceback: KeyError while handling ***", body.Content, StringComparison.Ordinal);
        Assert.Contains(HttpHints.ServerError, result.Hints);
        AssertNoSecret(result, PlantedToken);
    }

    [Fact]
    public async Task A_password_in_the_url_is_sent_as_basic_auth_and_never_shows_even_in_errors()
    {
        const string password = "pw-PLANTED-91be44";
        await using var target = await KestrelTarget.StartAsync(app => app.MapGet("/whoami", (HttpContext c) =>
            Results.Text($"you sent {c.Request.Headers.Authorization}", statusCode: 401)));

        var answered = await RunAsync(new() { ["url"] = target.Url("/whoami").Replace("://", $"://svc:{password}@", StringComparison.Ordinal) });
        var refused = await RunAsync(new() { ["url"] = $"http://svc:{password}@127.0.0.1:{FreePort()}/x" });

        Assert.Equal(401d, Value(answered.Measurements, "status"));
        Assert.Contains(answered.Evidence, e => e.Content.Contains("you sent ***", StringComparison.Ordinal));
        Assert.Contains(HttpHints.Unauthorized, answered.Hints);
        Assert.Equal(ErrorCause.Refused, refused.Error?.Cause);
        AssertNoSecret(answered, password);
        AssertNoSecret(refused, password);
        AssertNoSecret(answered, Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"svc:{password}")));
    }

    [Fact]
    public async Task A_1_GB_body_stops_at_max_body_and_is_too_large_when_an_assertion_needs_it()
    {
        await using var server = new RawHugeBodyServer(1L << 30);

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var (result, elapsed) = await TimedRunAsync(new() { ["url"] = server.Url }, TimeSpan.FromSeconds(20), "body");
        var after = GC.GetTotalMemory(forceFullCollection: true);

        Assert.Equal(ErrorCause.BodyTooLarge, result.Error?.Cause);
        Assert.Contains("max_body (1 MB)", result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(200d, Value(result.Measurements, "status"));
        Assert.Contains(result.Evidence, e => e.Content.EndsWith("(truncated)", StringComparison.Ordinal));
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"took {elapsed}");
        // What the client read plus socket buffers: nowhere near a gigabyte.
        Assert.True(server.BytesSent < 32L << 20, $"the server could send {server.BytesSent} bytes");
        Assert.True(after - before < 32L << 20, $"memory grew by {after - before} bytes");
    }

    [Fact]
    public async Task A_1_GB_kestrel_body_with_a_content_length_is_sized_from_the_header_and_too_large_for_a_body_assertion()
    {
        await using var target = await KestrelTarget.StartAsync(app => app.MapHugeBody("/huge", 1L << 30, sendContentLength: true));

        var (result, elapsed) = await TimedRunAsync(new() { ["url"] = target.Url("/huge") }, TimeSpan.FromSeconds(20), "json.status");

        Assert.Equal(ErrorCause.BodyTooLarge, result.Error?.Cause);
        Assert.Equal((double)(1L << 30), Value(result.Measurements, "size"));
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"took {elapsed}");
    }

    [Fact]
    public async Task A_1_GB_body_nobody_asserts_on_is_drained_to_max_body_without_an_error()
    {
        await using var target = await KestrelTarget.StartAsync(app => app.MapHugeBody("/huge", 1L << 30, sendContentLength: false));

        var (result, elapsed) = await TimedRunAsync(new() { ["url"] = target.Url("/huge"), ["max_body"] = "64KB" }, TimeSpan.FromSeconds(20), "status");

        Assert.Null(result.Error);
        Assert.Equal(200d, Value(result.Measurements, "status"));
        Assert.Contains("max_body (64 KB)", result.Measurements.Lookup("size").MissingReason, StringComparison.Ordinal);
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"took {elapsed}");
    }

    [Fact]
    public async Task Json_paths_over_a_body_that_is_not_json_are_missing_with_the_reason()
    {
        await using var target = await KestrelTarget.StartAsync(app => app.MapStatus("/broken", 200, "{\"status\": healthy", "application/json"));

        var result = await RunAsync(new() { ["url"] = target.Url("/broken") }, neededPaths: ["json.status", "body"]);
        var jsonOnly = await RunAsync(new() { ["url"] = target.Url("/broken") }, neededPaths: ["json.status"]);

        Assert.Null(result.Error);
        var lookup = result.Measurements.Lookup("json.status");
        Assert.False(lookup.Found);
        Assert.StartsWith("body is not JSON: ", lookup.MissingReason, StringComparison.Ordinal);
        Assert.Equal("{\"status\": healthy", Value(result.Measurements, "body"));
        Assert.StartsWith("body is not JSON: ", jsonOnly.Measurements.Lookup("json.status").MissingReason, StringComparison.Ordinal);
        Assert.Equal("the body was not decoded as text (no assertion reads 'body')", jsonOnly.Measurements.Lookup("body").MissingReason);
    }

    [Fact]
    public async Task A_port_nobody_listens_on_is_refused()
    {
        var (result, elapsed) = await TimedRunAsync(new() { ["url"] = $"http://127.0.0.1:{FreePort()}/health" }, TimeSpan.FromSeconds(5));

        Assert.Equal(ErrorCause.Refused, result.Error?.Cause);
        Assert.Contains("nothing is listening", result.Error!.Message, StringComparison.Ordinal);
        Assert.True(elapsed < TimeSpan.FromSeconds(5) + Margin);
    }

    [Fact]
    public async Task An_unresolvable_host_is_a_dns_error()
    {
        var (result, elapsed) = await TimedRunAsync(new() { ["url"] = "http://no-such-service.invalid/health" }, TimeSpan.FromSeconds(10));

        Assert.Equal(ErrorCause.Dns, result.Error?.Cause);
        Assert.True(elapsed < TimeSpan.FromSeconds(10) + Margin);
    }

    [Fact]
    public async Task A_self_signed_certificate_is_a_tls_error_that_says_so()
    {
        using var certificate = TestCertificates.SelfSigned();
        await using var target = await KestrelTarget.StartAsync(app => app.MapStatus("/", 200, "ok"), certificate);

        var result = await RunAsync(new() { ["url"] = target.Url("/", host: "localhost") });

        Assert.Equal(ErrorCause.Tls, result.Error?.Cause);
        Assert.Contains("self-signed", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_certificate_is_a_tls_error_that_says_when_it_expired()
    {
        using var certificate = TestCertificates.Expired();
        await using var target = await KestrelTarget.StartAsync(app => app.MapStatus("/", 200, "ok"), certificate);

        var result = await RunAsync(new() { ["url"] = target.Url("/", host: "localhost") });

        Assert.Equal(ErrorCause.Tls, result.Error?.Cause);
        Assert.Contains("expired on", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_for_another_name_is_a_tls_error_naming_both()
    {
        using var certificate = TestCertificates.WrongHost();
        await using var target = await KestrelTarget.StartAsync(app => app.MapStatus("/", 200, "ok"), certificate);

        var result = await RunAsync(new() { ["url"] = target.Url("/", host: "localhost") });

        Assert.Equal(ErrorCause.Tls, result.Error?.Cause);
        Assert.Contains("name mismatch: the certificate is for 'wrong.example', not 'localhost'", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Insecure_skip_verify_accepts_a_bad_certificate_and_measures_the_tls_handshake()
    {
        using var certificate = TestCertificates.Expired();
        await using var target = await KestrelTarget.StartAsync(app => app.MapStatus("/", 200, "ok"), certificate);

        var result = await RunAsync(new() { ["url"] = target.Url("/", host: "localhost"), ["insecure_skip_verify"] = true });

        Assert.Null(result.Error);
        Assert.Equal(200d, Value(result.Measurements, "status"));
        Assert.True((double)Value(result.Measurements, "tls")! > 0);
    }

    [Fact]
    public async Task Post_with_a_json_body_headers_and_redirects()
    {
        await using var target = await KestrelTarget.StartAsync(app =>
        {
            app.MapGet("/old", () => Results.Redirect("/new"));
            app.MapPost("/new", () => Results.Text("wrong method"));
            app.MapGet("/new", () => Results.Text("moved"));
            app.MapPost("/echo", async (HttpContext c) =>
                await c.Response.WriteAsync($"{c.Request.ContentType}|{c.Request.Headers["X-Trace"]}|{await new StreamReader(c.Request.Body).ReadToEndAsync()}"));
        });

        var posted = await RunAsync(new()
        {
            ["url"] = target.Url("/echo"),
            ["method"] = "post",
            ["headers"] = new Dictionary<string, object> { ["X-Trace"] = "abc" },
            ["json"] = new Dictionary<string, object> { ["name"] = "x", ["count"] = 3 },
        }, neededPaths: ["body"]);
        var followed = await RunAsync(new() { ["url"] = target.Url("/old") }, neededPaths: ["body"]);
        var notFollowed = await RunAsync(new() { ["url"] = target.Url("/old"), ["follow_redirects"] = false });

        Assert.True(posted.Error is null && Value(posted.Measurements, "status") is 200d, string.Join("\n", posted.Evidence));
        Assert.Equal("application/json|abc|{\"name\":\"x\",\"count\":3}", Value(posted.Measurements, "body"));
        Assert.Equal("moved", Value(followed.Measurements, "body"));
        Assert.Equal(302d, Value(notFollowed.Measurements, "status"));
        Assert.EndsWith("/new", (string)Value(notFollowed.Measurements, "headers.location")!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sends_no_accept_encoding_like_curl_unless_compressed_is_set_and_then_reads_a_gzip_body()
    {
        const string json = """{"status":"healthy"}""";
        var gzipped = new MemoryStream();
        await using (var gzip = new System.IO.Compression.GZipStream(gzipped, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(System.Text.Encoding.UTF8.GetBytes(json));
        }

        await using var target = await KestrelTarget.StartAsync(app => app.MapGet("/health", async (HttpContext c) =>
        {
            string acceptEncoding = c.Request.Headers.AcceptEncoding.ToString();
            c.Response.Headers["X-Asked"] = acceptEncoding.Length == 0 ? "identity" : acceptEncoding;
            c.Response.ContentType = "application/json";
            if (acceptEncoding.Contains("gzip", StringComparison.Ordinal))
            {
                c.Response.Headers.ContentEncoding = "gzip";
                await c.Response.Body.WriteAsync(gzipped.ToArray());
            }
            else
            {
                await c.Response.WriteAsync(json);
            }
        }));

        var plain = await RunAsync(new() { ["url"] = target.Url("/health") }, neededPaths: ["json.status"]);
        var compressed = await RunAsync(new() { ["url"] = target.Url("/health"), ["compressed"] = true }, neededPaths: ["json.status"]);

        Assert.Equal("identity", Value(plain.Measurements, "headers.x-asked"));
        Assert.Equal("healthy", Value(plain.Measurements, "json.status"));
        Assert.Contains("gzip", (string)Value(compressed.Measurements, "headers.x-asked")!, StringComparison.Ordinal);
        Assert.Equal("healthy", Value(compressed.Measurements, "json.status"));
    }

    private async Task<ProbeResult> RunAsync(Dictionary<string, object> settings, TimeSpan? timeout = null, params string[] neededPaths) =>
        (await TimedRunAsync(settings, timeout ?? TimeSpan.FromSeconds(10), neededPaths)).Result;

    private async Task<(ProbeResult Result, TimeSpan Elapsed)> TimedRunAsync(Dictionary<string, object> settings, TimeSpan timeout, params string[] neededPaths)
    {
        var probe = _harness.Create(_factory, settings);
        Assert.True(probe is not null, string.Join("\n", _harness.Diagnostics.Errors));
        using var cts = new CancellationTokenSource(timeout);
        var watch = Stopwatch.StartNew();
        var result = await probe.RunAsync(_harness.Context(timeout, neededPaths), cts.Token);
        return (result, watch.Elapsed);
    }

    private static object? Value(Measurements m, string path)
    {
        var lookup = m.Lookup(path);
        Assert.True(lookup.Found, $"{path}: {lookup.MissingReason}");
        return lookup.Value;
    }

    private static void AssertNoSecret(ProbeResult result, string secret)
    {
        var everything = string.Join("\n", result.Evidence.Select(e => e.Title + e.Content).Concat(result.Hints)
            .Append(result.Error?.Message ?? string.Empty)
            .Concat(result.Measurements.Export().Select(e => $"{e.Key}={e.Value}")));
        Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
