using Serverless.Diag.ApplicationInsights;

namespace Serverless.Diag.Tests.ApplicationInsights;

public class ConnectionSettingsTests
{
    [Fact]
    public void The_connection_string_gives_the_key_and_the_regional_track_endpoint()
    {
        var settings = ConnectionSettings.Parse(
            "InstrumentationKey=abc-123;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/;LiveEndpoint=https://westeurope.livediagnostics.monitor.azure.com/;ApplicationId=x",
            authenticationString: null,
            out var problem);

        Assert.Null(problem);
        Assert.Equal("abc-123", settings!.InstrumentationKey);
        Assert.Equal("https://westeurope-5.in.applicationinsights.azure.com/v2.1/track", settings.TrackUri.ToString());
        Assert.Null(settings.Entra);
    }

    [Fact]
    public void Keys_are_case_insensitive_and_an_endpoint_without_a_slash_or_none_at_all_works()
    {
        var withoutSlash = ConnectionSettings.Parse("instrumentationkey=k; ingestionendpoint=https://example.test/ingest", null, out _);
        var global = ConnectionSettings.Parse("InstrumentationKey=k", null, out _);

        Assert.Equal("https://example.test/ingest/v2.1/track", withoutSlash!.TrackUri.ToString());
        Assert.Equal("https://dc.services.visualstudio.com/v2.1/track", global!.TrackUri.ToString());
    }

    [Theory]
    [InlineData("IngestionEndpoint=https://example.test/", "has no InstrumentationKey")]
    [InlineData("InstrumentationKey=k;IngestionEndpoint=ftp://example.test/", "not an http(s) URL")]
    [InlineData("InstrumentationKey=k;IngestionEndpoint=not a url", "not an http(s) URL")]
    public void An_unusable_connection_string_is_refused_without_being_quoted(string connectionString, string expected)
    {
        var settings = ConnectionSettings.Parse(connectionString, null, out var problem);

        Assert.Null(settings);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.DoesNotContain("example.test", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Authorization=AAD", null)]
    [InlineData("ClientId=1234-abcd;Authorization=AAD", "1234-abcd")]
    [InlineData(" authorization = aad ; clientid = 1234-abcd ", "1234-abcd")]
    public void The_authentication_string_asks_for_a_managed_identity(string authentication, string? clientId)
    {
        var settings = ConnectionSettings.Parse("InstrumentationKey=k;IngestionEndpoint=https://example.test/", authentication, out var problem);

        Assert.Null(problem);
        Assert.Equal(new EntraAuthentication(clientId), settings!.Entra);
    }

    [Fact]
    public void Entra_is_refused_over_plain_http_except_on_loopback_and_other_schemes_are_refused()
    {
        var remote = ConnectionSettings.Parse("InstrumentationKey=k;IngestionEndpoint=http://example.test/", "Authorization=AAD", out var remoteProblem);
        var loopback = ConnectionSettings.Parse("InstrumentationKey=k;IngestionEndpoint=http://127.0.0.1:5000/", "Authorization=AAD", out _);
        var other = ConnectionSettings.Parse("InstrumentationKey=k", "Authorization=ApiKey", out var otherProblem);

        Assert.Null(remote);
        Assert.Contains("needs https", remoteProblem, StringComparison.Ordinal);
        Assert.NotNull(loopback);
        Assert.Null(other);
        Assert.Contains("must say Authorization=AAD", otherProblem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_run_location_is_the_configured_one_then_the_azure_region_then_the_ci_runner()
    {
        Assert.Equal("lab", RunLocation.FromEnvironment(Env(("DIAG_RUN_LOCATION", "lab"), ("REGION_NAME", "West Europe"))));
        Assert.Equal("West Europe", RunLocation.FromEnvironment(Env(("REGION_NAME", "West Europe"), ("GITHUB_ACTIONS", "true"))));
        Assert.Equal("github-actions (Linux)", RunLocation.FromEnvironment(Env(("GITHUB_ACTIONS", "true"), ("RUNNER_OS", "Linux"))));
        Assert.Equal(Environment.MachineName, RunLocation.FromEnvironment(Env()));
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}
