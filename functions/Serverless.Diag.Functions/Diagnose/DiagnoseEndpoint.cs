using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Serverless.Diag.Functions.Hosting;
using Serverless.Diag.Functions.Invocations;
using Serverless.Diag.Functions.Running;
using Serverless.Diag.Reporting;
using Serverless.Diag.Running;
using Serverless.Diag.Sinks.Json;
using Serverless.Diag.Sinks.Markdown;

namespace Serverless.Diag.Functions.Diagnose;

/// <summary>
/// <c>GET|POST /api/diagnose</c>: the HTTP function. With enableForwardingHttpRequest the host forwards the
/// caller's request here unchanged (after checking the function key) and returns our response unchanged.
/// </summary>
public static class DiagnoseEndpoint
{
    public const string Route = "/api/diagnose";

    public static void Map(WebApplication app) =>
        app.MapMethods(Route, [HttpMethods.Get, HttpMethods.Post], InvokeAsync);

    private static async Task InvokeAsync(HttpContext context, DiagnosisService diagnosis, HandlerSettings settings)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (settings.ApiKey is not null && !HasKey(context.Request, settings.ApiKey))
        {
            await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, new ErrorBody("a valid key is required (x-functions-key header or code= query)"));
            return;
        }

        DiagnosisRequest request;
        try
        {
            request = await DiagnoseRequestReader.ReadAsync(context.Request, context.RequestAborted);
        }
        catch (FormatException e)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, new ErrorBody($"malformed request: {e.Message}"));
            return;
        }

        // Load checks run on demand only when the deployment says so (and the environment allows load); nothing in
        // the request can turn them on.
        var filter = new RunFilter
        {
            Environments = request.Environments,
            Checks = request.Checks,
            Tags = request.Tags,
            AllowLoadChecks = settings.AllowLoadOnDemand,
        };
        var outcome = await diagnosis.RunAsync(request, filter, context.RequestAborted);
        switch (outcome)
        {
            case DiagnosisOutcome.Completed completed:
                await WriteReportAsync(context, completed);
                break;
            case DiagnosisOutcome.UnknownSelection unknown:
                await WriteErrorAsync(context, StatusCodes.Status400BadRequest, new ErrorBody(unknown.Message, ValidNames: unknown.ValidNames));
                break;
            case DiagnosisOutcome.ConfigRefused refused:
                // The caller did nothing wrong: the deployment's config or app settings are broken.
                await WriteErrorAsync(context, StatusCodes.Status500InternalServerError, new ErrorBody(
                    $"the deployed configuration ({Path.GetFileName(refused.ConfigPath)}) cannot run; nothing was checked. This is a deployment problem: fix the file or the app settings it names.",
                    Problems: [.. refused.Errors.Select(e => e.ToString())]));
                break;
        }
    }

    private static async Task WriteReportAsync(HttpContext context, DiagnosisOutcome.Completed completed)
    {
        var report = completed.Result.Report;
        var response = context.Response;
        response.StatusCode = report.Status == RunStatus.Fail ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        response.Headers["Serverless-Diag-Status"] = report.Status.ToWire();
        if (completed.IncidentsRequested)
        {
            response.Headers["Serverless-Diag-Incidents"] = completed.Incidents is { } i
                ? string.Create(CultureInfo.InvariantCulture, $"opened={i.Opened}; updated={i.Updated}; commented={i.Commented}; closed={i.Closed}; reopened={i.Reopened}; problems={i.Problems.Count}")
                : "unavailable (GITHUB_TOKEN or repository not set)";
        }

        if (WantsMarkdown(context.Request))
        {
            response.ContentType = "text/markdown; charset=utf-8";
            await response.WriteAsync(MarkdownReportWriter.ToMarkdown(report), Encoding.UTF8, context.RequestAborted);
        }
        else
        {
            response.ContentType = "application/json; charset=utf-8";
            await response.WriteAsync(JsonReportWriter.ToJson(report), Encoding.UTF8, context.RequestAborted);
        }
    }

    private static bool WantsMarkdown(HttpRequest request)
    {
        foreach (var accept in request.GetTypedHeaders().Accept.OrderByDescending(a => a.Quality ?? 1))
        {
            if (accept.MediaType.Equals("text/markdown", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (accept.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return false;
    }

    private static bool HasKey(HttpRequest request, string key)
    {
        StringValues given = request.Headers["x-functions-key"];
        if (StringValues.IsNullOrEmpty(given))
        {
            given = request.Query["code"];
        }

        var expected = Encoding.UTF8.GetBytes(key);
        return given.Any(g => g is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(g), expected));
    }

    private static Task WriteErrorAsync(HttpContext context, int status, ErrorBody body)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(body, ErrorJson.Default.ErrorBody, contentType: "application/json; charset=utf-8", cancellationToken: context.RequestAborted);
    }
}
