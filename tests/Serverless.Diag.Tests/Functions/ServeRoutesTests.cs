using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Diag.Cli.Infrastructure.Http;

namespace Serverless.Diag.Tests.Functions;

/// <summary>serve answers its two paths as ASP.NET Core's routing did before it left the generic host.</summary>
public sealed class ServeRoutesTests
{
    private const string Config = """
        version: 1
        environments:
          staging: {}
        checks:
          - name: healthy
            type: stub
        """;

    [Fact]
    public async Task The_root_answers_ok_for_a_health_probe()
    {
        await using var serve = await InProcessHandler.StartAsync(Config);

        using var root = await serve.Client.GetAsync("/");
        using var head = await serve.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"));

        Assert.Equal(HttpStatusCode.OK, root.StatusCode);
        Assert.Equal("ok", await root.Content.ReadAsStringAsync());
        Assert.Equal("text/plain; charset=utf-8", root.Content.Headers.ContentType?.ToString());
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
    }

    [Theory]
    [InlineData("/api/diagnose?env=staging")]
    [InlineData("/api/diagnose/?env=staging")]
    [InlineData("/API/Diagnose?env=staging")]
    public async Task Diagnose_is_matched_in_any_case_and_with_a_trailing_slash(string path)
    {
        await using var serve = await InProcessHandler.StartAsync(Config);

        using var response = await serve.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("pass", Assert.Single(response.Headers.GetValues("Serverless-Diag-Status")));
        Assert.Equal(1, serve.Stub.Runs);
    }

    [Fact]
    public async Task Diagnose_by_POST_runs_the_selection_in_the_body()
    {
        await using var serve = await InProcessHandler.StartAsync(Config);

        using var response = await serve.Client.PostAsync("/api/diagnose", new StringContent("""{"env":"staging"}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, serve.Stub.Runs);
    }

    [Theory]
    [InlineData("PUT", "/api/diagnose", "GET, POST")]
    [InlineData("DELETE", "/api/diagnose", "GET, POST")]
    [InlineData("POST", "/", "GET, HEAD")]
    public async Task Another_method_is_405_with_the_allowed_ones_and_runs_nothing(string method, string path, string allow)
    {
        await using var serve = await InProcessHandler.StartAsync(Config);

        using var response = await serve.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(allow, string.Join(", ", response.Content.Headers.Allow));
        Assert.Equal(0, serve.Stub.Runs);
    }

    [Theory]
    [InlineData("/api")]
    [InlineData("/api/diagnose/extra")]
    [InlineData("/api/diagnosex")]
    public async Task Any_other_path_is_404_and_runs_nothing(string path)
    {
        await using var serve = await InProcessHandler.StartAsync(Config);

        using var response = await serve.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, serve.Stub.Runs);
    }

    [Fact]
    public async Task An_https_address_is_refused_with_what_to_do_instead()
    {
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => StandaloneKestrel.StartAsync(
            ["http://127.0.0.1:0", "https://127.0.0.1:0"], _ => Task.CompletedTask, NullLoggerFactory.Instance, 1024, CancellationToken.None));

        Assert.Equal("'https://127.0.0.1:0': serverless-diag listens on plain HTTP; terminate TLS in front of it (a reverse proxy or the platform's ingress)", refused.Message);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_by_the_server_before_the_application_reads_it()
    {
        await using var server = await StandaloneKestrel.StartAsync(
            ["http://127.0.0.1:0"],
            async context =>
            {
                using var sink = new MemoryStream();
                try
                {
                    await context.Request.Body.CopyToAsync(sink, context.RequestAborted);
                }
                catch (BadHttpRequestException e)
                {
                    context.Response.StatusCode = e.StatusCode;
                }
            },
            NullLoggerFactory.Instance,
            maxRequestBodyBytes: 1024,
            CancellationToken.None);
        using var client = new HttpClient { BaseAddress = new Uri(server.Addresses[0]) };

        using var small = await client.PostAsync("/", new ByteArrayContent(new byte[1024]));
        using var large = await client.PostAsync("/", new ByteArrayContent(new byte[1025]));

        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
    }

    [Fact]
    public async Task Addresses_name_the_port_bound_for_port_0_and_nothing_listens_once_disposed()
    {
        var server = await StandaloneKestrel.StartAsync(["http://127.0.0.1:0"], _ => Task.CompletedTask, NullLoggerFactory.Instance, 1024, CancellationToken.None);
        var address = new Uri(Assert.Single(server.Addresses));

        Assert.NotEqual(0, address.Port);
        await server.StopAsync(CancellationToken.None);
        await server.DisposeAsync();
        using var client = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(address));
    }
}
