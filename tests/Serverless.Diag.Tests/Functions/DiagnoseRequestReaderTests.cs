using System.Text;
using Microsoft.AspNetCore.Http;
using Serverless.Diag.Functions.Diagnose;

namespace Serverless.Diag.Tests.Functions;

public sealed class DiagnoseRequestReaderTests
{
    [Fact]
    public async Task Query_names_repeat_or_split_on_commas_and_the_function_key_is_ignored()
    {
        var request = await ReadAsync("GET", "?env=staging,production&check=api-health&check=database&tag=fast&file_issues=true&code=secret-key");

        Assert.Equal(["staging", "production"], request.Environments);
        Assert.Equal(["api-health", "database"], request.Checks);
        Assert.Equal(["fast"], request.Tags);
        Assert.True(request.FileIssues);
    }

    [Fact]
    public async Task Post_body_adds_to_the_query()
    {
        var request = await ReadAsync("POST", "?env=staging", """{ "check": ["api-health"], "tag": "fast", "file_issues": false }""");

        Assert.Equal(["staging"], request.Environments);
        Assert.Equal(["api-health"], request.Checks);
        Assert.Equal(["fast"], request.Tags);
        Assert.False(request.FileIssues);
    }

    [Fact]
    public async Task Empty_request_selects_everything_without_incidents()
    {
        var request = await ReadAsync("POST", string.Empty, string.Empty);

        Assert.Empty(request.Environments);
        Assert.Empty(request.Checks);
        Assert.False(request.FileIssues);
    }

    [Theory]
    [InlineData("?url=http://evil.example/", null, "unknown parameter 'url'")]
    [InlineData("", """{ "host": "10.0.0.1" }""", "unknown parameter 'host'")]
    [InlineData("", "{ not json", "not JSON")]
    [InlineData("", "[\"staging\"]", "must be a JSON object")]
    [InlineData("", """{ "env": { "name": "staging" } }""", "must be a string")]
    [InlineData("?file_issues=maybe", null, "file_issues must be true or false")]
    public async Task Anything_but_names_is_refused(string query, string? body, string message)
    {
        var error = await Assert.ThrowsAsync<FormatException>(() => ReadAsync(body is null ? "GET" : "POST", query, body));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Same_selection_in_any_order_shares_a_key()
    {
        var a = await ReadAsync("GET", "?env=b,a&check=x");
        var b = await ReadAsync("GET", "?env=a&env=b&check=x");
        var c = await ReadAsync("GET", "?env=a,b&check=x&file_issues=true");

        Assert.Equal(a.Key, b.Key);
        Assert.NotEqual(a.Key, c.Key);
    }

    private static Task<Serverless.Diag.Functions.Running.DiagnosisRequest> ReadAsync(string method, string query, string? body = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.QueryString = new QueryString(query);
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body ?? string.Empty));
        return DiagnoseRequestReader.ReadAsync(context.Request, CancellationToken.None);
    }
}
