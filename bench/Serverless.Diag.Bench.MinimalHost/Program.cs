// ASP.NET Core's smallest host (slim builder, single-line console logging, Kestrel on --urls), with one endpoint and no
// work behind it: what a typical Native AOT web app costs from process start to a first answer.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
var app = builder.Build();
app.MapGet("/api/diagnose", static context => context.Response.WriteAsync("ok", context.RequestAborted));
await app.RunAsync();
