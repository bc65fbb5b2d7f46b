using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Serverless.Diag.Functions;

// The Functions host starts this worker with --functions-uri (its gRPC endpoint) and friends, then forwards
// HTTP calls to the worker's own Kestrel (ASP.NET Core integration).
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
WorkerComposition.Configure(builder, Environment.GetEnvironmentVariable, Directory.GetCurrentDirectory());
using var host = builder.Build();
await host.RunAsync();
