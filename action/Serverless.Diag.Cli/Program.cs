using Serverless.Diag.Cli;
using Serverless.Diag.Cli.Infrastructure;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

return await CliApp.RunAsync(args, CliServices.ForProcess, Console.Error, cancellation.Token);
