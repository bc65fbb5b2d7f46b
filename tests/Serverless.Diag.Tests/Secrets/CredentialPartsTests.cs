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

    public static TheoryData<string, string> HostileValues() => new()
    {
        { "letters before an at sign", new string('a', 1_000_000) + "@" },
        { "a scheme and a colon, no at sign", "a://" + string.Concat(Enumerable.Repeat("b:", 500_000)) },
        { "schemes over and over", string.Concat(Enumerable.Repeat("a://b:c", 150_000)) },
        { "a key and blanks, no equals sign", "password" + new string(' ', 1_000_000) + "x" },
        { "keys over and over", string.Concat(Enumerable.Repeat(";password ", 100_000)) },
        { "a bearer token of a megabyte", "Bearer " + string.Concat(Enumerable.Repeat("a b", 350_000)) },
    };

    /// <summary>A megabyte-long value of any shape is scanned in bounded time (a quadratic scan would take hours).</summary>
    [Theory]
    [MemberData(nameof(HostileValues))]
    public async Task A_megabyte_value_of_a_hostile_shape_is_scanned_in_bounded_time(string shape, string value)
    {
        var scan = Task.Run(() => CredentialParts.Extract(value).ToList());

        Assert.True(await Task.WhenAny(scan, Task.Delay(TimeSpan.FromSeconds(60))) == scan, $"{shape}: still scanning after 60 s");
    }

    [Fact]
    public void A_credential_after_a_megabyte_of_filler_is_still_found()
    {
        var filler = new string('x', 1_000_000);

        Assert.Equal(["Sx3cr#t", "Sx3cr#t"], CredentialParts.Extract(filler + " postgres://app:Sx3cr#t@db/app"));
        Assert.Equal(["hunter22"], CredentialParts.Extract(filler + ";Password=hunter22"));
    }
}
