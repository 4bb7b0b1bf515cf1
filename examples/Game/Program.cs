// A small deterministic "game" on the frame clock: 64 frames a second of fixed dt, printing what its scripts do.
// Run it with: dotnet run --project examples/Game   (the log is the same on every run: expected.log)
using System;
using GameExample;

GameDemo.Run(Console.Out);
