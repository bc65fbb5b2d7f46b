using Serverless.Diag.Configuration;

namespace Serverless.Diag.GitHub.Incidents;

/// <summary>A <c>/diag</c> command from an incident comment. Comments are untrusted: only the first line is read, and nothing of it is echoed.</summary>
internal abstract record DiagCommand
{
    public const string Syntax = "`/diag ack` · `/diag snooze 2h` · `/diag resolve` · `/diag severity P1`";

    /// <summary>Who may control an incident, by GitHub's <c>author_association</c>.</summary>
    public static bool IsTrusted(string association) => association is "OWNER" or "MEMBER" or "COLLABORATOR";

    /// <summary>The command of a comment's first line; null when the comment is no command at all.</summary>
    public static DiagCommand? Parse(string body)
    {
        var end = body.IndexOfAny(['\r', '\n']);
        var line = (end < 0 ? body : body[..end]).Trim();
        if (line.Length > 200)
        {
            line = line[..200];
        }

        var words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || !string.Equals(words[0], "/diag", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var verb = words.Length > 1 ? words[1].ToLowerInvariant() : string.Empty;
        return (verb, words.Length) switch
        {
            ("ack", 2) => new Ack(),
            ("resolve", 2) => new Resolve(),
            ("snooze", 3) when Units.TryParseDuration(words[2], out var span) && span >= TimeSpan.FromMinutes(1) && span <= TimeSpan.FromDays(7) => new Snooze(span),
            ("severity", 3) when SeverityExtensions.TryParse(words[2].ToUpperInvariant(), out var severity) => new SetSeverity(severity),
            _ => new Malformed(),
        };
    }

    public sealed record Ack : DiagCommand;

    public sealed record Snooze(TimeSpan Duration) : DiagCommand;

    public sealed record Resolve : DiagCommand;

    public sealed record SetSeverity(Severity Severity) : DiagCommand;

    public sealed record Malformed : DiagCommand;
}
