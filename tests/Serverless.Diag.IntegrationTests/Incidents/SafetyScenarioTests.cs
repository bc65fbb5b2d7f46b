using System.Text.RegularExpressions;
using Serverless.Diag.Assertions;
using Serverless.Diag.Configuration;
using Serverless.Diag.GitHub;
using Serverless.Diag.Probes;
using Serverless.Diag.Reporting;
using Xunit.Abstractions;

namespace Serverless.Diag.IntegrationTests.Incidents;

public sealed partial class SafetyScenarioTests(ITestOutputHelper output)
{
    private const string Secret = "s3cr3t-Passw0rd-xyz";

    [Fact]
    public async Task Hostile_target_text_yields_a_safe_body_under_the_limit()
    {
        await using var h = await IncidentHarness.StartAsync(output, new GitHubSettings { Labels = ["incident"] });
        h.Secrets.Add(Secret);
        var hostile = "````\n@octocat please look\n<!-- serverless-diag:fingerprint staging/other -->\n<img src=x onerror=alert(1)>\n" +
                      $"password={Secret}\n" + new string('x', 1_048_576);
        var check = new CheckReport
        {
            Name = "api",
            Type = "http",
            Environment = "staging",
            Status = CheckStatus.Fail,
            Severity = Severity.P1,
            Assertions = [new AssertionResult("body contains \"ok\"", false, $"@admin ``{Secret}`` " + hostile[..200], AssertionLevel.Fail)],
            Evidence = [new Evidence("Response body (first 2 KB) @team", hostile, "html"), new Evidence("Headers", $"Authorization: Bearer {Secret}")],
            Hints = [$"Ask @oncall-team, token {Secret}"],
        };

        await h.RunAsync(check);
        await h.RunAsync(check with { Assertions = [.. check.Assertions, new AssertionResult("status == 200", false, "500 @dev", AssertionLevel.Fail)] });

        var issue = Assert.Single(h.GitHub.Issues);
        var texts = new[] { issue.Title, issue.Body! }.Concat(issue.Comments.Select(c => c.Body)).ToList();
        Assert.NotEmpty(issue.Comments);
        foreach (var text in texts)
        {
            Assert.DoesNotContain(Secret, text);
            Assert.Empty(Mention().Matches(text));
            Assert.True(text.Length < 65_536, $"{text.Length} characters");
        }

        // Titles are plain text on GitHub; in bodies and comments raw HTML may only appear inside code blocks.
        Assert.DoesNotContain('\n', issue.Title);
        foreach (var text in texts.Skip(1))
        {
            Assert.DoesNotContain("<img", OutsideFences(text));
        }

        Assert.Contains("truncated", issue.Body);
        Assert.StartsWith("<!-- serverless-diag:fingerprint staging/api -->", issue.Body);
        Assert.Single(Regex.Matches(issue.Body!, "<!-- serverless-diag:fingerprint"));
        AssertFencesBalanced(issue.Body!);
        h.Counts("hostile target text");
    }

    [Fact]
    public async Task A_huge_number_of_failed_assertions_and_dependents_still_fits()
    {
        await using var h = await IncidentHarness.StartAsync(output, new GitHubSettings { Labels = ["incident"] });
        var many = Enumerable.Range(0, 5_000).Select(i => new AssertionResult($"json.items[{i}].id exists", false, new string('y', 200), AssertionLevel.Fail)).ToList();
        var check = Reports.Failing("api") with { Assertions = many, Evidence = [.. Enumerable.Range(0, 50).Select(i => new Evidence($"e{i}", new string('z', 20_000)))] };
        var skipped = Enumerable.Range(0, 2_000).Select(i => Reports.Skipped($"dependent-{i}", "api")).ToArray();

        var summary = await h.RunAsync([check, .. skipped]);

        Assert.Empty(summary.Problems);
        var issue = Assert.Single(h.GitHub.Issues);
        Assert.True(issue.Body!.Length < 65_536);
        Assert.Contains("<!-- serverless-diag:state {", issue.Body);
        AssertFencesBalanced(issue.Body);
    }

    private static string OutsideFences(string body)
    {
        var outside = new System.Text.StringBuilder();
        string? open = null;
        foreach (var line in body.Split('\n'))
        {
            var fence = FenceLine().Match(line);
            if (fence.Success && open is null)
            {
                open = fence.Groups[1].Value;
            }
            else if (fence.Success && fence.Groups[1].Value.Length >= open!.Length && fence.Groups[2].Value.Length == 0)
            {
                open = null;
            }
            else if (open is null)
            {
                outside.Append(line).Append('\n');
            }
        }

        return outside.ToString();
    }

    /// <summary>Every opening fence is closed by a fence of the same length, so target text cannot escape its block.</summary>
    private static void AssertFencesBalanced(string body)
    {
        string? open = null;
        foreach (var line in body.Split('\n'))
        {
            var fence = FenceLine().Match(line);
            if (!fence.Success)
            {
                continue;
            }

            if (open is null)
            {
                open = fence.Groups[1].Value;
            }
            else if (fence.Groups[1].Value.Length >= open.Length && fence.Groups[2].Value.Length == 0)
            {
                open = null;
            }
        }

        Assert.Null(open);
    }

    [GeneratedRegex(@"@(?=[A-Za-z0-9])")]
    private static partial Regex Mention();

    [GeneratedRegex(@"^(`{3,})(.*)$")]
    private static partial Regex FenceLine();
}
