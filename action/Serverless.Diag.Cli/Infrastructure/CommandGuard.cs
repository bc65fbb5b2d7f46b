using Serverless.Diag.Configuration;
using Serverless.Diag.Running;

namespace Serverless.Diag.Cli.Infrastructure;

/// <summary>
/// Turns exceptions into exit codes and one-line messages: a user error never shows a stack trace.
/// Set DIAG_VERBOSE=1 to see one for an internal error.
/// </summary>
internal static class CommandGuard
{
    public static async Task<int> RunAsync(Func<CliServices> create, Func<CliServices, Task<int>> body)
    {
        using var services = create();
        try
        {
            return await body(services);
        }
        catch (ConfigException e)
        {
            foreach (var warning in e.Warnings)
            {
                services.Stderr.WriteLine($"{warning.Mark}: warning: {warning.Message}");
            }

            foreach (var error in e.Errors)
            {
                services.Stderr.WriteLine(error.ToString());
            }

            services.Stderr.WriteLine($"{e.Errors.Count} problem{(e.Errors.Count == 1 ? string.Empty : "s")} in the {e.Subject}; nothing ran.");
            return ExitCodes.UsageOrConfig;
        }
        catch (Exception e) when (e is SelectionException or ArgumentException)
        {
            services.Stderr.WriteLine($"error: {e.Message}");
            return ExitCodes.UsageOrConfig;
        }
        catch (OperationCanceledException)
        {
            services.Stderr.WriteLine("cancelled");
            return ExitCodes.Internal;
        }
        catch (Exception e)
        {
            services.Stderr.WriteLine($"internal error: {e.GetType().Name}: {e.Message}");
            if (services.Environment("DIAG_VERBOSE") is "1" or "true")
            {
                services.Stderr.WriteLine(e.ToString());
            }

            return ExitCodes.Internal;
        }
    }
}
