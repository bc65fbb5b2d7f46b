using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Serverless.Diag.IntegrationTests.Redis;
using Serverless.Diag.TestKit.Servers;
using Serverless.Diag.TestKit.Targets;

namespace Serverless.Diag.IntegrationTests.Diagnosis;

/// <summary>Redis at maxmemory, an expired certificate, a missing DNS record, a rejected token and CORS: each with a twin.</summary>
public sealed class NetworkCauseScenarios
{
    [RedisFact]
    [CauseCase("cache-maxmemory", matches: true)]
    public async Task A_real_Redis_full_under_noeviction_refuses_writes_and_is_named()
    {
        var run = await FullRedisAsync("noeviction");

        var cause = run.Diagnosis("cache-write").ProbableCause!;
        Assert.Equal("cache-maxmemory", cause.Rule);
        Assert.Contains(cause.Evidence, e => e.Check == "cache-write" && e.Text.Contains("OOM", StringComparison.Ordinal));
        Assert.Contains("— probable cause: Redis at maxmemory with noeviction (writes refused)", run.Title("cache-write"), StringComparison.Ordinal);
    }

    [RedisFact]
    [CauseCase("cache-maxmemory", matches: false)]
    public async Task A_real_Redis_full_under_an_evicting_policy_is_not_named()
    {
        var run = await FullRedisAsync("allkeys-lru");

        Assert.Equal(Reporting.CheckStatus.Fail, run.Check("cache-memory").Status);
        Assert.Contains("evicts keys", run.NotMatched("cache-memory", "cache-maxmemory"), StringComparison.Ordinal);
    }

    [Fact]
    [CauseCase("certificate-expired", matches: true)]
    public async Task An_expired_certificate_made_here_is_named_with_its_date()
    {
        await using var target = await KestrelTarget.StartAsync(app => app.MapGet("/", () => "ok"), TestCertificates.Expired());

        var run = await CauseScenario.RunAsync(Tls(target));

        var cause = run.Diagnosis("api-certificate").ProbableCause!;
        Assert.Equal("certificate-expired", cause.Rule);
        Assert.Contains("1 day ago", cause.KeyEvidence, StringComparison.Ordinal);
        Assert.Contains("— probable cause: TLS certificate expired (expired ", run.Title("api-certificate"), StringComparison.Ordinal);
    }

    [Fact]
    [CauseCase("certificate-expired", matches: false)]
    public async Task A_valid_certificate_for_another_name_is_not_an_expiry()
    {
        await using var target = await KestrelTarget.StartAsync(app => app.MapGet("/", () => "ok"), TestCertificates.WrongHost());

        var run = await CauseScenario.RunAsync(Tls(target));

        Assert.Equal(Reporting.CheckStatus.Fail, run.Check("api-certificate").Status);
        Assert.Contains("valid for", run.NotMatched("api-certificate", "certificate-expired"), StringComparison.Ordinal);
    }

    [Fact]
    [CauseCase("dns-missing-record", matches: true)]
    public async Task A_name_that_does_not_resolve_is_a_missing_record()
    {
        var run = await CauseScenario.RunAsync("""
            version: 1
            checks:
              - name: payments-dns
                type: dns
                host: payments.no-such-zone.invalid
                expect: [resolved == true]
            """);

        var cause = run.Diagnosis("payments-dns").ProbableCause!;
        Assert.Equal("dns-missing-record", cause.Rule);
        Assert.EndsWith("— probable cause: DNS record missing (NXDOMAIN) (Name or service not known)", run.Title("payments-dns"), StringComparison.Ordinal);
    }

    [Fact]
    [CauseCase("dns-missing-record", matches: false)]
    public async Task A_name_that_resolves_to_a_closed_port_is_not_a_dns_cause()
    {
        var run = await CauseScenario.RunAsync($"""
            version: 1
            checks:
              - name: payments-api
                type: http
                url: http://localhost:{FreePort.Next()}/health
                expect: [status == 200]
            """);

        Assert.Equal("refused", run.Check("payments-api").Error?.Cause.Name);
        Assert.Contains("not a name resolution failure", run.NotMatched("payments-api", "dns-missing-record"), StringComparison.Ordinal);
    }

    [Fact]
    [CauseCase("token-rejected", matches: true)]
    [CauseCase("token-rejected", matches: false)]
    public async Task A_401_saying_the_token_expired_is_named_and_a_401_for_a_missing_token_is_not()
    {
        await using var api = await KestrelTarget.StartAsync(app =>
        {
            app.MapGet("/api/me", (HttpContext context) =>
            {
                context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\", error_description=\"The token expired at '11/30/2026 10:00:00'\"";
                return Results.Json(new { detail = "Signature has expired" }, statusCode: 401);
            });
            app.MapGet("/api/anonymous", (HttpContext context) =>
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                return Results.Json(new { detail = "Not authenticated" }, statusCode: 401);
            });
        });

        var run = await CauseScenario.RunAsync($"""
            version: 1
            checks:
              - name: profile
                type: http
                url: {api.Url("/api/me")}
                expect: [status == 200]
              - name: anonymous
                type: http
                url: {api.Url("/api/anonymous")}
                expect: [status == 200]
            """);

        var cause = run.Diagnosis("profile").ProbableCause!;
        Assert.Equal("access token expired", cause.Cause);
        Assert.Contains(cause.Evidence, e => e.Check == "profile" && e.Text.Contains("expired", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("— probable cause: access token expired (401: ", run.Title("profile"), StringComparison.Ordinal);
        Assert.Contains("no expiry or signature message", run.NotMatched("anonymous", "token-rejected"), StringComparison.Ordinal);
        Assert.DoesNotContain("probable cause", run.Title("anonymous"), StringComparison.Ordinal);
    }

    [Fact]
    [CauseCase("cors-origin-not-allowed", matches: true)]
    [CauseCase("cors-origin-not-allowed", matches: false)]
    public async Task A_preflight_without_allow_origin_is_CORS_and_a_plain_GET_without_it_is_not()
    {
        await using var api = await KestrelTarget.StartAsync(app =>
        {
            app.MapMethods("/auth/login", ["OPTIONS"], () => Results.NoContent());
            app.MapGet("/auth/login", () => Results.NotFound());
        });

        var run = await CauseScenario.RunAsync($"""
            version: 1
            checks:
              - name: login-preflight
                type: http
                method: OPTIONS
                url: {api.Url("/auth/login")}
                headers:
                  Origin: https://app.example
                  Access-Control-Request-Method: POST
                expect: [headers.access-control-allow-origin exists]
              - name: login-get
                type: http
                url: {api.Url("/auth/login")}
                expect: [headers.access-control-allow-origin exists]
            """);

        var cause = run.Diagnosis("login-preflight").ProbableCause!;
        Assert.Equal("cors-origin-not-allowed", cause.Rule);
        Assert.EndsWith("— probable cause: CORS: the origin is not allowed (preflight answered 204 without access-control-allow-origin)", run.Title("login-preflight"), StringComparison.Ordinal);
        Assert.Contains("not a CORS preflight", run.NotMatched("login-get", "cors-origin-not-allowed"), StringComparison.Ordinal);
    }

    private static string Tls(KestrelTarget target) => $"""
        version: 1
        checks:
          - name: api-certificate
            type: tls
            host: 127.0.0.1
            port: {target.Port}
            server_name: localhost
            expect: [cert.days_left > 14, hostname_valid == true]
        """;

    private static async Task<CauseScenario> FullRedisAsync(string policy)
    {
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { MaxMemoryBytes = 2 * 1024 * 1024, MaxMemoryPolicy = policy });
        await using (var admin = await RedisAdmin.ConnectAsync(server))
        {
            var value = new string('x', 10_000);
            for (var i = 0; i < 400; i++)
            {
                try
                {
                    await admin.Db.StringSetAsync($"fill:{i}", value);
                }
                catch (StackExchange.Redis.RedisServerException)
                {
                    break; // OOM: full
                }
            }
        }

        return await CauseScenario.RunAsync("""
            version: 1
            checks:
              - name: cache-write
                type: redis
                connection: ${env:REDIS_URL}
                expect: [roundtrip_ok == true]
              - name: cache-memory
                type: redis
                connection: ${env:REDIS_URL}
                expect: [memory.ratio < 80%]
            """, new Dictionary<string, string> { ["REDIS_URL"] = server.Url() });
    }
}
