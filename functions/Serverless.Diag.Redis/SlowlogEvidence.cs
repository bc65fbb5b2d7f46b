using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Serverless.Diag.Probes.Kit;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Redis;

/// <summary>The slowest SLOWLOG entries as a table, each argument redacted, then cut short (values may be user data).</summary>
internal static partial class SlowlogEvidence
{
    private const int ArgumentChars = 40;
    private const int CommandChars = 160;

    public static string Render(IEnumerable<SlowlogEntry> entries, SecretRedactor secrets)
    {
        var text = new StringBuilder("id    duration    time (UTC)            client                  command\n");
        foreach (var entry in entries)
        {
            var command = secrets.Excerpt(string.Join(' ', entry.Arguments.Select(a => Argument(a, secrets))), CommandChars - 1);
            var client = entry.ClientName.Length > 0 ? $"{entry.Client} ({entry.ClientName})" : entry.Client;
            text.Append(CultureInfo.InvariantCulture,
                $"{entry.Id,-5} {entry.Duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms",-11} {entry.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),-21} {client,-23} {command}\n");
        }

        return secrets.Redact(text.ToString().TrimEnd('\n'));
    }

    /// <summary>
    /// Redis keeps the first 128 bytes of a long argument and says how many it dropped (<c>... (72 more bytes)</c>):
    /// what it kept may end inside a secret, so that end is masked too.
    /// </summary>
    internal static string Argument(string argument, SecretRedactor secrets)
    {
        var cut = CutByRedis().Match(argument);
        var redacted = cut.Success
            ? secrets.RedactTruncated(cut.Groups["kept"].Value) + cut.Groups["note"].Value
            : secrets.Redact(argument);
        return secrets.Excerpt(ProbeText.OneLine(redacted), ArgumentChars - 1);
    }

    [GeneratedRegex(@"^(?<kept>.*)(?<note>\.\.\. \(\d+ more bytes\))$", RegexOptions.Singleline)]
    private static partial Regex CutByRedis();
}
