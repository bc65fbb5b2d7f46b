using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Diag.Configuration;
using Serverless.Diag.Hosting;
using Serverless.Diag.IntegrationTests.Diagnosis;
using Serverless.Diag.Reporting;
using Serverless.Diag.Running;
using Serverless.Diag.TestKit.Auth;

namespace Serverless.Diag.IntegrationTests.Auth;

/// <summary>
/// <c>type: flow</c> end to end through the loader, planner and runner against a real API: log in, call with the captured
/// token and the session cookie, create an object, and delete it in <c>finally</c> even when a middle step fails.
/// </summary>
public sealed class FlowTests : IAsyncLifetime
{
    private FlowTarget _api = null!;

    public async Task InitializeAsync() => _api = await FlowTarget.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private static readonly Dictionary<string, string> Environment = new() { ["LOGIN_PASSWORD"] = FlowTarget.Password };

    private string Journey(string middle = "") => $$"""
        version: 1
        environments:
          staging:
            vars: { base: "{{_api.BaseAddress.ToString().TrimEnd('/')}}" }
        checks:
          - name: journey
            type: flow
            steps:
              - name: login
                method: POST
                url: ${base}/auth/login
                json: { email: "{{FlowTarget.Email}}", password: "${env:LOGIN_PASSWORD}" }
                expect: [status == 200]
                capture:
                  token: json.access_token
                  user_id: { from: json.user.id, public: true }
              - name: me
                url: ${base}/users/me
                headers: { Authorization: "Bearer ${token}" }
                expect: [status == 200, "json.id == ${user_id}"]
              - name: session
                url: ${base}/session/me
                expect: [status == 200]
              - name: create
                method: POST
                url: ${base}/items
                headers: { Authorization: "Bearer ${token}" }
                expect: [status == 201]
                capture: { item_id: json.id }
        {{middle}}
            finally:
              - name: delete
                method: DELETE
                url: ${base}/items/${item_id}
                headers: { Authorization: "Bearer ${token}" }
                expect: [status == 204]
            expect:
              - latency < 30s
              - steps.login.status == 200
        """;

    [Fact]
    public async Task A_login_journey_passes_with_the_captured_token_and_the_session_cookie_and_cleans_up()
    {
        var scenario = await CauseScenario.RunAsync(Journey(), Environment);

        var check = scenario.Check("journey");
        Assert.True(check.Status == CheckStatus.Pass, $"{check.Status}: {check.Error} {string.Join("; ", check.Assertions.Where(a => !a.Passed).Select(a => a.Expression + " " + a.Actual))}");
        Assert.Equal(200.0, check.Measurements["steps.me.status"]);
        Assert.Equal(201.0, check.Measurements["steps.create.status"]);
        Assert.Equal(204.0, check.Measurements["steps.delete.status"]);
        Assert.IsType<double>(check.Measurements["steps.login.latency"]);
        Assert.IsType<double>(check.Measurements["latency"]);
        Assert.Equal(_api.Created.ToArray(), _api.Deleted.ToArray());
        Assert.Single(_api.Created);
    }

    [Fact]
    public async Task A_failing_middle_step_fails_the_check_naming_the_step_and_assertion_and_finally_still_deletes()
    {
        _api.PublishFails = true;
        var middle = string.Join('\n',
            "      - name: publish",
            "        method: POST",
            "        url: ${base}/items/${item_id}/publish",
            "        expect: [status == 200]",
            "      - name: after",
            "        url: ${base}/users/me");
        var scenario = await CauseScenario.RunAsync(Journey(middle), Environment);

        var check = scenario.Check("journey");
        Assert.Equal(CheckStatus.Fail, check.Status);
        var failed = Assert.Single(check.Assertions, a => !a.Passed);
        Assert.Equal("step 'publish': status == 200", failed.Expression);
        Assert.Equal("step 'publish' of this flow", failed.Message);
        Assert.Contains("500", failed.Actual, StringComparison.Ordinal);
        Assert.Equal(500.0, check.Measurements["steps.publish.status"]);
        Assert.False(check.Measurements.ContainsKey("steps.after.status"));
        var steps = Assert.Single(check.Evidence, e => e.Title == "Steps").Content;
        Assert.Contains("after: not run (step 'publish' failed)", steps, StringComparison.Ordinal);

        // The object the flow created was deleted by the finally step, after the failure.
        var created = Assert.Single(_api.Created);
        Assert.Equal([created], _api.Deleted.ToArray());
    }

    [Theory]
    [InlineData("              - name: early\n                url: ${base}/users/${later}\n              - name: late\n                url: ${base}/x\n                capture: { later: json.id }\n", "'${later}' in step 'early' (url) is used before any step captures it")]
    [InlineData("              - name: twice\n                url: ${base}/a\n              - name: twice\n                url: ${base}/b\n", "duplicate step name 'twice'")]
    [InlineData("              - name: timing\n                url: ${base}/a\n                capture: { slow: latency }\n", "a step cannot produce 'latency'")]
    [InlineData("              - name: regex\n                url: ${base}/a\n                capture: { csrf: { from: body, regex: 'csrf=(' } }\n", "'capture.csrf.regex' is not a valid regular expression")]
    public void Flow_mistakes_are_refused_at_load_with_their_position(string steps, string message)
    {
        var yaml = $$"""
            version: 1
            environments:
              staging:
                vars: { base: "http://127.0.0.1:1" }
            checks:
              - name: bad-flow
                type: flow
                steps:
            {{steps}}
            """;
        var path = Path.Combine(Path.GetTempPath(), $"diag-flow-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        var pipeline = new DiagnosisPipeline(ProbeCatalog.CreateDefault(), TimeProvider.System, NullLoggerFactory.Instance, _ => null);

        var error = Assert.Throws<ConfigException>(() => pipeline.Plan(pipeline.LoadConfig(path), RunFilter.All));

        var problem = Assert.Single(error.Errors, e => e.Message.Contains(message, StringComparison.Ordinal));
        Assert.Equal(path, problem.Mark.File);
        Assert.True(problem.Mark.Line >= 9, problem.ToString());
        File.Delete(path);
    }
}
