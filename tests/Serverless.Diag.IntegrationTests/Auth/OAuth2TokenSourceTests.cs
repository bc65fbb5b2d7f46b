using Microsoft.Extensions.Time.Testing;
using Serverless.Diag.Probes;
using Serverless.Diag.Probes.Http;
using Serverless.Diag.TestKit.Auth;
using Serverless.Diag.TestKit.HttpLoad;
using Serverless.Diag.TestKit.Probes;
using Serverless.Diag.TestKit.Secrets;

namespace Serverless.Diag.IntegrationTests.Auth;

/// <summary>
/// <c>auth: {type: oauth2-client-credentials}</c> against a real token endpoint on loopback: the token is fetched, sent as
/// a bearer the API accepts, shared and cached until shortly before expires_in, and a refusal is an <c>auth</c> error
/// naming the status and OAuth error code, never the secret.
/// </summary>
public sealed class OAuth2TokenSourceTests : IAsyncLifetime
{
    private IdentityProviderFake _idp = null!;

    public async Task InitializeAsync() => _idp = await IdentityProviderFake.StartAsync();

    public async Task DisposeAsync() => await _idp.DisposeAsync();

    private string Check(string secret = IdentityProviderFake.ClientSecret, string scope = IdentityProviderFake.Scope, string clientAuth = "basic", string path = "/api/me") => $$"""
        url: {{_idp.ApiUrl(path)}}
        auth:
          type: oauth2-client-credentials
          token_url: {{_idp.TokenUrl}}
          client_id: {{IdentityProviderFake.ClientId}}
          client_secret: "{{secret}}"
          scope: {{scope}}
          client_auth: {{clientAuth}}
        expect:
          - status == 200
          - json.id == 42
        """;

    [Fact]
    public async Task The_token_is_sent_as_a_bearer_the_api_accepts_and_shared_by_checks_of_the_same_client_until_it_nears_expiry()
    {
        _idp.ExpiresIn = 60;
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var first = YamlProbeHarness.Build(new HttpProbeFactory(), Check());
        var second = YamlProbeHarness.Build(new HttpProbeFactory(), Check());

        var results = await Task.WhenAll(YamlProbeHarness.RunAsync(first, time: time), YamlProbeHarness.RunAsync(second, time: time));
        Assert.All(results, r => Assert.Equal(200.0, r.Number("status")));
        Assert.Single(_idp.TokenRequests);
        Assert.Equal(("basic", IdentityProviderFake.Scope, (string?)null), _idp.TokenRequests.Single());

        // 60 s tokens are used for 30 s (half their life), then fetched again.
        time.Advance(TimeSpan.FromSeconds(25));
        Assert.Equal(200.0, (await YamlProbeHarness.RunAsync(first, time: time)).Number("status"));
        Assert.Single(_idp.TokenRequests);

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(200.0, (await YamlProbeHarness.RunAsync(second, time: time)).Number("status"));
        Assert.Equal(2, _idp.TokenRequests.Count);
    }

    [Fact]
    public async Task Client_authentication_in_the_body_is_sent_as_form_fields()
    {
        var probe = YamlProbeHarness.Build(new HttpProbeFactory(), Check(clientAuth: "body"));

        var result = await YamlProbeHarness.RunAsync(probe);

        Assert.Equal(200.0, result.Number("status"));
        Assert.Equal("body", _idp.TokenRequests.Single().ClientAuth);
    }

    [Fact]
    public async Task A_wrong_secret_is_an_auth_error_naming_the_status_and_invalid_client_but_not_the_secret()
    {
        _idp.EchoSecretInErrors = true;
        const string wrong = "WS3#KD8!PQ1@";
        var (probe, errors, planned) = YamlProbeHarness.Create(new HttpProbeFactory(), Check(secret: wrong));
        Assert.Empty(errors);

        var result = await YamlProbeHarness.RunAsync(probe!, secrets: planned);

        Assert.Equal(ErrorCause.Auth, result.Error!.Cause);
        Assert.Contains("401", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains("invalid_client", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains(_idp.TokenUrl.TrimEnd('/'), result.Error.Message, StringComparison.Ordinal);
        SecretLeaks.AssertAbsent(result.Everything(), [wrong]);
        Assert.Empty(_idp.IssuedTokens);
    }

    [Fact]
    public async Task A_scope_not_granted_is_an_auth_error_naming_invalid_scope()
    {
        var probe = YamlProbeHarness.Build(new HttpProbeFactory(), Check(scope: "api.admin"));

        var result = await YamlProbeHarness.RunAsync(probe);

        Assert.Equal(ErrorCause.Auth, result.Error!.Cause);
        Assert.Contains("400", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains("invalid_scope", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slow_token_endpoint_is_a_timeout_error_naming_the_token_endpoint_and_no_token_is_kept()
    {
        _idp.Delay = TimeSpan.FromSeconds(20);
        var probe = YamlProbeHarness.Build(new HttpProbeFactory(), Check());

        var result = await YamlProbeHarness.RunAsync(probe, timeout: TimeSpan.FromSeconds(1));

        Assert.Equal(ErrorCause.Timeout, result.Error!.Cause);
        Assert.Contains("token endpoint", result.Error.Message, StringComparison.Ordinal);

        // The failed fetch is forgotten: once the endpoint answers, the next run gets a token.
        _idp.Delay = TimeSpan.Zero;
        Assert.Equal(200.0, (await YamlProbeHarness.RunAsync(probe)).Number("status"));
    }

    [Fact]
    public async Task Http_load_sends_the_token_on_every_request()
    {
        var probe = LoadChecks.Probe($$"""
            url: {{_idp.ApiUrl()}}
            auth: { type: oauth2-client-credentials, token_url: "{{_idp.TokenUrl}}", client_id: {{IdentityProviderFake.ClientId}}, client_secret: "{{IdentityProviderFake.ClientSecret}}" }
            requests: 20
            concurrency: 4
            """);

        var result = await YamlProbeHarness.RunAsync(probe);

        Assert.Null(result.Error);
        Assert.Equal(20.0, result.Number("status.200"));
        Assert.Single(_idp.TokenRequests);
    }

    [Fact]
    public async Task Token_source_settings_are_checked_at_load_with_positions()
    {
        var (probe, errors, _) = YamlProbeHarness.Create(new HttpProbeFactory(), """
            url: http://127.0.0.1:1/api
            auth:
              type: oauth2-client-credentials
              token_url: not-a-url
              client_secret: x1
              client_auth: header
              scopes: a
            """);

        Assert.Null(probe);
        var messages = errors.Select(e => e.ToString()).ToList();
        Assert.Contains(messages, m => m.Contains("diag.yaml:7:3", StringComparison.Ordinal) && m.Contains("unknown key 'auth.scopes'", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("diag.yaml:4:14", StringComparison.Ordinal) && m.Contains("token_url", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("needs 'client_id'", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("diag.yaml:6:16", StringComparison.Ordinal) && m.Contains("client_auth", StringComparison.Ordinal));
    }
}
