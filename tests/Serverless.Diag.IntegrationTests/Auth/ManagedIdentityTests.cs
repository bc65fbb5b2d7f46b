using Microsoft.Extensions.Time.Testing;
using Serverless.Diag.AzureIdentity;
using Serverless.Diag.Probes;
using Serverless.Diag.Probes.Auth;
using Serverless.Diag.Probes.Http;
using Serverless.Diag.TestKit.Auth;
using Serverless.Diag.TestKit.Probes;
using Serverless.Diag.TestKit.Secrets;

namespace Serverless.Diag.IntegrationTests.Auth;

/// <summary>The process environment is Azure.Identity's input: these tests set it, so nothing else runs beside them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ManagedIdentityEnvironment
{
    public const string Name = "managed identity environment";
}

/// <summary>
/// <c>auth: {type: managed-identity}</c> through Azure.Identity's real credential chain, which finds the App Service
/// identity endpoint from <c>IDENTITY_ENDPOINT</c> and <c>IDENTITY_HEADER</c> as it does in Azure; the endpoint is the
/// local fake, and the API behind the check accepts only the tokens it issued.
/// </summary>
[Collection(ManagedIdentityEnvironment.Name)]
public sealed class ManagedIdentityTests : IAsyncLifetime
{
    private const string UserAssignedClientId = "5f3c8a2e-7b1d-4c6e-9a0f-2d8e4b6c1a37";
    private static readonly string[] Variables = ["IDENTITY_ENDPOINT", "IDENTITY_HEADER", "AZURE_CLIENT_ID"];
    private readonly Dictionary<string, string?> _saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
    private IdentityProviderFake _idp = null!;

    public async Task InitializeAsync()
    {
        _idp = await IdentityProviderFake.StartAsync();
        Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", _idp.IdentityEndpoint);
        Environment.SetEnvironmentVariable("IDENTITY_HEADER", IdentityProviderFake.IdentityHeader);
        Environment.SetEnvironmentVariable("AZURE_CLIENT_ID", UserAssignedClientId);
    }

    public async Task DisposeAsync()
    {
        foreach (var (name, value) in _saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        await _idp.DisposeAsync();
    }

    private IProbe Check(string audience) => YamlProbeHarness.Build(new HttpProbeFactory(), $"""
        url: {_idp.ApiUrl()}
        auth: {"{"} type: managed-identity, audience: "{audience}" {"}"}
        expect:
          - status == 200
        """, tokenSources: new TokenSourceTypes().Add(new ManagedIdentityType()));

    [Fact]
    public async Task The_token_is_asked_for_the_audience_and_the_user_assigned_identity_cached_and_refreshed_after_expiry()
    {
        // Four minutes: inside Azure.Identity's own five-minute refresh window, so every fetch reaches the endpoint and
        // what is counted is our cache (used for half the lifetime, two minutes).
        _idp.ExpiresIn = 240;
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var probe = Check("api://diag-target");

        var first = await YamlProbeHarness.RunAsync(probe, time: time);
        Assert.True(first.Error is null, first.Error?.ToString());
        Assert.Equal(200.0, first.Number("status"));
        var request = Assert.Single(_idp.IdentityRequests);
        Assert.Equal(("2019-08-01", "api://diag-target", UserAssignedClientId, true), (request.ApiVersion, request.Resource, request.ClientId, request.HeaderMatched));

        time.Advance(TimeSpan.FromSeconds(90));
        Assert.Equal(200.0, (await YamlProbeHarness.RunAsync(probe, time: time)).Number("status"));
        Assert.Single(_idp.IdentityRequests);

        time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(200.0, (await YamlProbeHarness.RunAsync(probe, time: time)).Number("status"));
        Assert.Equal(2, _idp.IdentityRequests.Count);
        Assert.Equal(2, _idp.IssuedTokens.Distinct().Count());
    }

    [Fact]
    public async Task A_refused_identity_request_is_an_auth_error_without_the_identity_header()
    {
        Environment.SetEnvironmentVariable("IDENTITY_HEADER", "WRONG7#HEADER");
        var probe = Check("api://diag-refused");

        var result = await YamlProbeHarness.RunAsync(probe);

        Assert.Equal(ErrorCause.Auth, result.Error!.Cause);
        Assert.Contains("managed identity", result.Error.Message, StringComparison.Ordinal);
        SecretLeaks.AssertAbsent(result.Everything(), [IdentityProviderFake.IdentityHeader]);
    }

    [Fact]
    public async Task Settings_are_checked_at_load()
    {
        var (probe, errors, _) = YamlProbeHarness.Create(new HttpProbeFactory(), """
            url: http://127.0.0.1:1/api
            auth: { type: managed-identity, audience: "not an audience", client_id: nope }
            """, tokenSources: new TokenSourceTypes().Add(new ManagedIdentityType()));

        Assert.Null(probe);
        Assert.Contains(errors, e => e.Message.Contains("'auth.audience'", StringComparison.Ordinal));
    }
}
