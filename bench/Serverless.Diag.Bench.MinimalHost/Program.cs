// The same host set-up serve uses (slim builder, single-line console logging, Kestrel on --urls), with one endpoint
// and no work behind it: what ASP.NET Core itself costs from process start to a first answer.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
var app = builder.Build();
app.MapGet("/api/diagnose", static context => context.Response.WriteAsync("ok", context.RequestAborted));
await app.RunAsync();
