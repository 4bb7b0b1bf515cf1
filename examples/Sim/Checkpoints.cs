using System;
using System.IO;
using System.Text.Json;
using Engine.Simulation;

namespace SimExample;

/// <summary>
/// Save a model at a simulated time into a JSON file, and continue it from that file, in another process if you like:
/// the output before the save plus the output after the restore is the uninterrupted run's output, byte for byte.
/// </summary>
public static class Checkpoints
{
    public static string Title(string model) => model switch
    {
        "bank" => "== Bank: customers renege when their patience runs out ==",
        "shop" => "== Machine shop: breakdowns preempt the repairman's other job ==",
        "gas" => "== Gas station: pumps share a tank that a truck refills ==",
        _ => throw new ArgumentException("Unknown model '" + model + "'; use bank, shop or gas.", nameof(model)),
    };

    /// <summary>Prints the model's title and its log up to <paramref name="time"/>, then saves it to <paramref name="file"/>.</summary>
    public static void SaveAt(string model, double time, string file, TextWriter output)
    {
        output.WriteLine(Title(model));
        using var env = new SimEnvironment(seed: 42);
        object state = model switch
        {
            "bank" => Bank.Start(env, output),
            "shop" => Shop.Start(env, output),
            _ => Station.Start(env, output),
        };
        env.Run(until: time);
        File.WriteAllText(file, JsonSerializer.Serialize(env.Save(state)));
    }

    /// <summary>Restores the model saved in <paramref name="file"/>, runs it to its end and prints the rest of its log and
    /// its report.</summary>
    public static void Restore(string model, string file, TextWriter output)
    {
        SimSnapshot snapshot = JsonSerializer.Deserialize<SimSnapshot>(File.ReadAllText(file))
            ?? throw new InvalidDataException(file + " holds no snapshot.");
        using SimEnvironment env = SimEnvironment.Restore(snapshot, out object state, new object[] { output });
        switch (model)
        {
            case "bank":
                env.Run();
                ((Bank)state).Report(output);
                break;
            case "shop":
                env.Run(until: MachineShopModel.SimTime);
                ((Shop)state).Report(output);
                break;
            default:
                env.Run(until: GasStationModel.SimTime);
                ((Station)state).Report(output);
                break;
        }
    }
}
