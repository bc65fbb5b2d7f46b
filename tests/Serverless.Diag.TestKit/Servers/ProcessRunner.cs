using System.Diagnostics;

namespace Serverless.Diag.TestKit.Servers;

/// <summary>Runs a short command (initdb, pg_ctl, chown) to completion, as another user when asked and possible.</summary>
internal static class ProcessRunner
{
    public static bool IsRoot => System.Environment.UserName == "root";

    public static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> args, string? asUser = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asUser is not null && IsRoot)
        {
            // PostgreSQL refuses to run as root.
            start.FileName = "runuser";
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add(asUser);
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(file);
        }
        else
        {
            start.FileName = file;
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in time");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
