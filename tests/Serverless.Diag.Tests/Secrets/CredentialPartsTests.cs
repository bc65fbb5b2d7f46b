using Serverless.Diag.Secrets;

namespace Serverless.Diag.Tests.Secrets;

public class CredentialPartsTests
{
    [Theory]
    [InlineData("postgres://app:s3cr%40t@db:5432/app", new[] { "s3cr@t", "s3cr%40t" })]
    [InlineData("Host=db;Username=app;Password=hunter2;Database=app", new[] { "hunter2" })]
    [InlineData("redis:6379,password=\"r3dis\",ssl=true", new[] { "r3dis" })]
    [InlineData("Bearer eyJhbGciOi.abc", new[] { "eyJhbGciOi.abc" })]
    [InlineData("token=abc123", new[] { "abc123" })]
    public void Finds_the_credential_inside_a_value(string value, string[] parts)
    {
        Assert.Equal(parts, CredentialParts.Extract(value));
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/health")]
    [InlineData("ops@acme.dev")]
    [InlineData("https://acme.dev/search?q=a&page=2")]
    [InlineData("status == 200")]
    [InlineData("")]
    public void A_value_without_a_credential_gives_none(string value)
    {
        Assert.Empty(CredentialParts.Extract(value));
    }
}
