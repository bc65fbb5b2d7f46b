using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Serverless.Diag.Functions.Invocations;

namespace Serverless.Diag.Functions.Scheduled;

/// <summary><c>POST /ScheduledDiagnosis</c>: the host's timer invocation, answered with the custom-handler envelope.</summary>
public static class ScheduledDiagnosisEndpoint
{
    public static void Map(WebApplication app) =>
        app.MapPost($"/{ScheduledDiagnosisFunction.Name}", InvokeAsync);

    private static async Task InvokeAsync(HttpContext context, ScheduledDiagnosisFunction function)
    {
        TimerInfo timer;
        try
        {
            var request = await JsonSerializer.DeserializeAsync(context.Request.Body, FunctionsJson.Default.InvocationRequest, context.RequestAborted)
                ?? throw new FormatException("the body is JSON null");
            timer = TimerInfoReader.Read(request);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            await WriteAsync(context, 400, new InvocationResponse
            {
                Logs = [$"Error: malformed timer invocation: {e.Message}"],
                ReturnValue = "malformed invocation: nothing was checked",
            });
            return;
        }

        var (status, response) = await function.InvokeAsync(timer, context.RequestAborted);
        await WriteAsync(context, status, response);
    }

    private static Task WriteAsync(HttpContext context, int status, InvocationResponse response)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(response, FunctionsJson.Default.InvocationResponse, cancellationToken: context.RequestAborted);
    }
}
