using Serverless.Diag.Bench;

// One class per mode: dotnet run -c Release --project bench/Serverless.Diag.Bench -- <mode> [args]
return args.Length > 0 && Modes.All.TryGetValue(args[0], out var mode)
    ? await mode(args[1..])
    : Modes.Usage();
