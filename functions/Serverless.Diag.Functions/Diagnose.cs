using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Serverless.Diag.Hosting.Http;

namespace Serverless.Diag.Functions;

/// <summary>
/// <c>GET|POST /api/diagnose</c>. The host checks the function key, then forwards the caller's request to the
/// worker's own HTTP listener (ASP.NET Core integration); the shared handler writes the response itself.
/// </summary>
public sealed class Diagnose(DiagnoseHttpHandler handler)
{
    public const string Name = "Diagnose";

    [Function(Name)]
    public async Task<IActionResult> RunAsync([HttpTrigger(AuthorizationLevel.Function, "get", "post", Route = "diagnose")] HttpRequest request)
    {
        await handler.InvokeAsync(request.HttpContext);
        return new EmptyResult();
    }
}
