using System.Globalization;
using System.Text;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Redis;

/// <summary>The slowest SLOWLOG entries as a table, each argument cut short and redacted (values may be user data).</summary>
internal static class SlowlogEvidence
{
    private const int ArgumentChars = 40;
    private const int CommandChars = 160;

    public static string Render(IEnumerable<SlowlogEntry> entries, SecretRedactor secrets)
    {
        var text = new StringBuilder("id    duration    time (UTC)            client                  command\n");
        foreach (var entry in entries)
        {
            var command = Truncate(string.Join(' ', entry.Arguments.Select(a => Truncate(secrets.Redact(a), ArgumentChars))), CommandChars);
            var client = entry.ClientName.Length > 0 ? $"{entry.Client} ({entry.ClientName})" : entry.Client;
            text.Append(CultureInfo.InvariantCulture,
                $"{entry.Id,-5} {entry.Duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms",-11} {entry.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),-21} {client,-23} {command}\n");
        }

        return secrets.Redact(text.ToString().TrimEnd('\n'));
    }

    private static string Truncate(string text, int max)
    {
        var flat = text.Replace('\n', ' ').Replace('\r', ' ');
        return flat.Length <= max ? flat : string.Concat(flat.AsSpan(0, max - 1), "…");
    }
}
