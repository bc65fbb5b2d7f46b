using Serverless.Diag.Functions.Hosting;
using Serverless.Diag.Functions.Scheduled;

// The Functions host starts this executable (host.json: customHandler) and calls it over HTTP on
// 127.0.0.1:$FUNCTIONS_CUSTOMHANDLER_PORT; with --standalone it runs its own schedule instead.
HandlerSettings settings;
try
{
    settings = HandlerSettings.From(args, Environment.GetEnvironmentVariable, Directory.GetCurrentDirectory());
    if (settings.Standalone)
    {
        // Under the Functions host the schedule is the timer trigger's business (it also accepts hh:mm:ss).
        StandaloneScheduler.Parse(settings.Schedule);
    }
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync($"Serverless.Diag.Functions: {e.Message}");
    return 2;
}

await using var app = FunctionsApp.Build(settings, Environment.GetEnvironmentVariable);
await app.RunAsync();
return 0;
