using Serverless.Diag.Configuration;
using Serverless.Diag.Incidents;
using Serverless.Diag.Notifications;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Cli.Infrastructure;

/// <summary>The notify: channels for a command line run (<c>--notify</c>, <c>--dry-run-notify</c>).</summary>
internal static class NotifierFactory
{
    /// <param name="lifecycle">Whether something keeps the incident lifecycle: GitHub issues (<c>--file-issues</c>) or a state store.</param>
    public static IIncidentNotifier? Create(bool notify, bool dryRun, bool lifecycle, DiagConfig config, SecretRedactor secrets, CliServices services)
    {
        if (!notify && !dryRun)
        {
            return null;
        }

        if (notify && !dryRun && !lifecycle)
        {
            // Without the incident state nothing says an event is new: every failing run would notify again.
            services.Stderr.WriteLine("warning: --notify follows the incident lifecycle and needs --file-issues (GitHub) or a state store (--state or DIAG_STATE); nothing is sent");
            return null;
        }

        var notifier = Notifiers.FromConfig(config, services.Environment, services.TimeProvider, services.LoggerFactory, secrets, dryRun ? services.Stderr : null);
        if (notifier is null)
        {
            services.Stderr.WriteLine("warning: --notify: the config has no notify: channels");
        }

        return notifier;
    }
}
