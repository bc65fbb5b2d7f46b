using System.Text;
using System.Text.Json.Nodes;
using Serverless.Diag.TestKit.GitHub;

namespace Serverless.Diag.IntegrationTests.Incidents;

/// <summary>The fake answers with the documented shapes (the reference examples), so Octokit reads it as it reads GitHub.</summary>
public sealed class FakeGitHubFidelityTests
{
    [Fact]
    public async Task Issue_and_comment_answers_have_the_documented_fields()
    {
        await using var github = await FakeGitHubServer.StartAsync();
        using var http = Client();

        var created = await PostAsync(http, $"{github.BaseUrl}/api/v3/repos/acme/backend/issues", "{\"title\":\"t\",\"body\":\"b\",\"labels\":[\"incident\"]}");
        var listed = (JsonArray)JsonNode.Parse(await http.GetStringAsync($"{github.BaseUrl}/api/v3/repos/acme/backend/issues?labels=incident"))!;
        var comment = await PostAsync(http, $"{github.BaseUrl}/api/v3/repos/acme/backend/issues/1/comments", "{\"body\":\"hi\"}");

        Assert.Equal(Keys("issues-create.json").Where(k => k != "pull_request"), Keys(created));
        Assert.Equal(Keys(((JsonArray)Load("issues-list-for-repo.json"))[0]!).Where(k => k != "pull_request").Order(), Keys(listed[0]!).Order());
        // The REST API adds the reactions rollup to comments (the example predates it); the rest is the example's.
        Assert.Equal([.. Keys("issues-create-comment.json"), "reactions"], Keys(comment));
        Assert.Equal(
            ["url", "total_count", "+1", "-1", "laugh", "hooray", "confused", "heart", "rocket", "eyes"],
            ((JsonObject)comment["reactions"]!).Select(p => p.Key));
        Assert.Equal("NONE", comment["author_association"]!.GetValue<string>());
        Assert.Equal("incident", created["labels"]![0]!["name"]!.GetValue<string>());
        Assert.Null(created["closed_at"]);
    }

    [Fact]
    public async Task Errors_look_like_GitHubs()
    {
        await using var github = await FakeGitHubServer.StartAsync();
        using var http = Client();

        var tooLong = await http.PostAsync($"{github.BaseUrl}/api/v3/repos/acme/backend/issues", Json($"{{\"title\":\"t\",\"body\":\"{new string('x', 65_537)}\"}}"));
        var missing = await http.GetAsync($"{github.BaseUrl}/api/v3/repos/acme/backend/contents/nope.md");
        using var anonymous = new HttpClient();
        var unauthenticated = await anonymous.GetAsync($"{github.BaseUrl}/api/v3/repos/acme/backend/issues");

        Assert.Equal(422, (int)tooLong.StatusCode);
        Assert.Contains("body is too long", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(404, (int)missing.StatusCode);
        Assert.Equal(401, (int)unauthenticated.StatusCode);
    }

    private static HttpClient Client()
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.Add("Authorization", "token t");
        return http;
    }

    private static async Task<JsonNode> PostAsync(HttpClient http, string url, string json)
    {
        var response = await http.PostAsync(url, Json(json));
        Assert.Equal(201, (int)response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static JsonNode Load(string name) => GitHubReferenceExamples.Load(name);

    private static List<string> Keys(string name) => Keys(Load(name));

    private static List<string> Keys(JsonNode node) => [.. ((JsonObject)node).Select(p => p.Key)];
}
