using System.Text;
using Microsoft.AspNetCore.Http;
using Serverless.Diag.Hosting.Diagnosis;
using Serverless.Diag.Hosting.Http;

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
        var error = await Assert.ThrowsAsync<DiagnoseRequestException>(() => ReadAsync(body is null ? "GET" : "POST", query, body));

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

    [Fact]
    public async Task A_body_over_8_KB_is_413_without_reading_it_all_whether_or_not_it_declares_its_length()
    {
        var huge = new byte[10 * 1024 * 1024];
        var declared = await Assert.ThrowsAsync<DiagnoseRequestException>(() => ReadAsync("POST", string.Empty, huge, declareLength: true));
        var chunked = new CountingStream(huge);
        var undeclared = await Assert.ThrowsAsync<DiagnoseRequestException>(() => ReadAsync("POST", string.Empty, chunked, declareLength: false));

        Assert.Equal(413, declared.StatusCode);
        Assert.Equal(413, undeclared.StatusCode);
        Assert.True(chunked.BytesRead <= DiagnoseRequestReader.MaxBodyBytes + 1, $"read {chunked.BytesRead} bytes");
    }

    [Fact]
    public async Task Invalid_utf8_is_400()
    {
        var error = await Assert.ThrowsAsync<DiagnoseRequestException>(() => ReadAsync("POST", string.Empty, [0x7B, 0x22, 0xC3, 0x28, 0x22, 0x7D], declareLength: true));

        Assert.Equal(400, error.StatusCode);
        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Long_names_and_unknown_parameters_are_refused_without_echoing_them()
    {
        var longName = new string('x', 100_000);
        var name = await Assert.ThrowsAsync<DiagnoseRequestException>(() => ReadAsync("GET", "?env=" + longName));
        var parameter = await Assert.ThrowsAsync<DiagnoseRequestException>(() => ReadAsync("POST", string.Empty, "{\"" + new string('p', 5000) + "\": \"x\"}"));

        Assert.Equal(400, name.StatusCode);
        Assert.True(name.Message.Length < 200, name.Message);
        Assert.True(parameter.Message.Length < 200, parameter.Message);
    }

    private static Task<DiagnosisRequest> ReadAsync(string method, string query, string? body = null) =>
        ReadAsync(method, query, Encoding.UTF8.GetBytes(body ?? string.Empty), declareLength: true);

    private static Task<DiagnosisRequest> ReadAsync(string method, string query, byte[] body, bool declareLength) =>
        ReadAsync(method, query, new CountingStream(body), declareLength);

    private static async Task<DiagnosisRequest> ReadAsync(string method, string query, CountingStream body, bool declareLength)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.QueryString = new QueryString(query);
        context.Request.Body = body;
        if (declareLength)
        {
            context.Request.ContentLength = body.Length;
        }

        return (await DiagnoseRequestReader.ReadAsync(context.Request, CancellationToken.None)).Request;
    }

    /// <summary>A request body that counts what the reader took from it.</summary>
    private sealed class CountingStream(byte[] data) : MemoryStream(data)
    {
        public long BytesRead { get; private set; }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await base.ReadAsync(buffer, cancellationToken);
            BytesRead += read;
            return read;
        }
    }
}
