using System.Net;
using System.Text;
using Serverless.Diag.Assertions;
using Serverless.Diag.Secrets;
using Serverless.Diag.TestKit.Secrets;

namespace Serverless.Diag.Tests.Secrets;

public class SecretRedactorTests
{
    // Upper case, digits and symbols; the filler around it is lower case only, so any of its characters next to a cut is a leak.
    private const string Secret = "Q7#KZ9!XW2@VR5/+LM8=";
    private const string Filler = "the quick brown fox jumps over the lazy dog ";

    private static SecretRedactor With(params string[] secrets)
    {
        var redactor = new SecretRedactor();
        redactor.AddRange(secrets);
        return redactor;
    }

    [Fact]
    public void A_secret_is_masked_whole_and_in_every_encoding_a_target_echoes()
    {
        var redactor = With(Secret);
        var echoed = new[]
        {
            Secret,
            Uri.EscapeDataString(Secret),
            System.Text.RegularExpressions.Regex.Replace(Uri.EscapeDataString(Secret), "%[0-9A-F]{2}", m => m.Value.ToLowerInvariant()),
            WebUtility.UrlEncode(Secret),
            SecretLeaks.Json(Secret),
            SecretLeaks.Json(Secret).Replace("/", "\\/", StringComparison.Ordinal),
            Convert.ToBase64String(Encoding.UTF8.GetBytes(Secret)),
            Convert.ToBase64String(Encoding.UTF8.GetBytes(Secret)).Replace('+', '-').Replace('/', '_').TrimEnd('='),
        };

        foreach (var form in echoed)
        {
            var shown = redactor.Redact($"{Filler}echo: {form} {Filler}");
            Assert.True(shown.Contains("echo: ***", StringComparison.Ordinal), $"{form} was shown as {shown}");
            SecretLeaks.AssertAbsent(shown, [Secret], fragment: 2);
            Assert.DoesNotContain(form, shown, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("u")]
    [InlineData("us")]
    [InlineData("usr")]
    [InlineData("service-account")]
    public void Base64_of_user_colon_password_is_masked_whatever_the_user_names_length(string user)
    {
        var redactor = With(Secret);
        var header = $"Authorization: Basic {SecretLeaks.Basic(user, Secret)}";

        var shown = redactor.Redact(header);

        // The user's own characters may stay; none that only the password decides.
        Assert.DoesNotContain(SecretLeaks.Basic(user, Secret)[8..^4], shown, StringComparison.Ordinal);
        Assert.Contains("***", shown, StringComparison.Ordinal);
    }

    [Fact]
    public void An_excerpt_cut_anywhere_through_a_secret_shows_none_of_it()
    {
        var redactor = With(Secret);
        var text = string.Concat(Enumerable.Repeat(Filler, 50)) + Secret + Filler;
        var at = text.IndexOf(Secret, StringComparison.Ordinal);

        for (var cut = at - 2; cut <= at + Secret.Length + 2; cut++)
        {
            var shown = redactor.Excerpt(text, cut);
            SecretLeaks.AssertAbsent(shown, [Secret], fragment: 1 + (cut <= at ? 1 : 0));
            Assert.EndsWith(SecretRedactor.CutMarker, shown, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_text_already_cut_inside_a_secret_loses_the_secrets_first_characters()
    {
        var redactor = With(Secret);
        for (var kept = 1; kept < Secret.Length; kept++)
        {
            var cut = Filler + Secret[..kept];

            Assert.Equal(Filler + SecretRedactor.Mask, redactor.RedactTruncated(cut));
            Assert.Equal(Filler + SecretRedactor.Mask + "\n… (truncated)", redactor.Redact(cut + "\n… (truncated)"));
        }

        // Not cut: an ending that merely looks like a secret's start stays.
        Assert.Equal(Filler + "Q7", redactor.Redact(Filler + "Q7"));
    }

    [Fact]
    public void A_value_cut_by_the_assertion_formatter_before_redaction_shows_none_of_the_secret()
    {
        var redactor = With(Secret);
        var body = new string('a', ValueFormatter.MaxLength - 5) + Secret + "bbbb";

        var shown = redactor.Redact(ValueFormatter.Format(body));

        SecretLeaks.AssertAbsent(shown, [Secret], fragment: 1);
        Assert.EndsWith("***\"…", shown, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlapping_secrets_leave_nothing_between_their_masks()
    {
        var redactor = With("abcdef123", "123XYZ789");

        Assert.Equal("see *** end", redactor.Redact("see abcdef123XYZ789 end"));
    }

    [Fact]
    public void Text_without_secrets_or_cuts_is_returned_as_it_is()
    {
        var redactor = With(Secret);
        const string text = "status 200, latency 35ms";

        Assert.Same(text, redactor.Redact(text));
        Assert.Same(text, new SecretRedactor().Redact(text));
    }

    [Fact]
    public void Secrets_added_after_a_redaction_are_masked_from_then_on()
    {
        var redactor = With("first-Secret-1");
        Assert.Equal("***", redactor.Redact("first-Secret-1"));

        redactor.Add("second-Secret-2");

        Assert.Equal("*** ***", redactor.Redact("first-Secret-1 second-Secret-2"));
    }

    [Fact]
    public void Many_secrets_added_one_by_one_are_all_kept_once_and_masked_with_duplicates_ignored()
    {
        var redactor = new SecretRedactor();
        var secrets = Enumerable.Range(0, 20_000).Select(i => $"Sec{i:D5}#Val").ToList();

        foreach (var secret in secrets.Concat(secrets))
        {
            redactor.Add(secret);
        }

        Assert.Equal(secrets.Count, redactor.Values.Count);
        Assert.Equal("a *** b *** c", redactor.Redact($"a {secrets[0]} b {secrets[^1]} c"));
        redactor.Add("one-more-Secret-9");
        Assert.Equal(secrets.Count + 1, redactor.Values.Count);
        Assert.Equal("***", redactor.Redact("one-more-Secret-9"));
    }
}
