using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Engine;
using Engine.Persist;

namespace KitchenExample;

/// <summary>
/// The kitchen itself, the host object the crew's coroutines share: where the log goes, the plates waiting at the pass,
/// whether service is closing, and the night's counts. The crew's waits are on the engine's primitives (saved by the
/// snapshot); this object is saved through its converter (<see cref="Converter"/>, the snapshots' extension point),
/// which on restore hands back the kitchen that prints. The menu (gaps between orders, dishes, cooking times, limits)
/// is arithmetic on the order number, so every run is the same.
/// </summary>
public sealed class Kitchen
{
    private readonly List<int> _plates = new();
    private TextWriter _log;
    private bool _closing;
    private bool _happyHour;
    private int _served;
    private int _dropped;
    private int _takings;

    /// <summary>Creates a kitchen that logs to <paramref name="log"/>.</summary>
    public Kitchen(TextWriter log) => _log = log;

    /// <summary>Minutes between order <paramref name="id"/> and the one before it.</summary>
    public static double Gap(int id) => 0.5 + ((id * 7) % 5) * 0.75;

    /// <summary>How many dishes order <paramref name="id"/> has.</summary>
    public static int DishCount(int id) => 1 + (id % 3);

    /// <summary>Minutes dish <paramref name="dish"/> of order <paramref name="id"/> cooks.</summary>
    public static double CookTime(int id, int dish) => 1 + ((id + (dish * 3)) % 4) * 1.25;

    /// <summary>Whether dish <paramref name="dish"/> of order <paramref name="id"/> needs the oven (else a burner).</summary>
    public static bool Baked(int id, int dish) => (id + dish) % 3 == 0;

    /// <summary>The minutes a chef gives order <paramref name="id"/> before dropping it.</summary>
    public static double Limit(int id) => id % 5 == 4 ? 3.5 : 9;

    /// <summary>Whether the first dish of order <paramref name="id"/> goes wrong (it fails its order's task group).</summary>
    public static bool Spoils(int id) => id % 7 == 6;

    /// <summary>Minutes paying order <paramref name="id"/> takes by <paramref name="way"/>.</summary>
    public static double PayTime(int id, string way) => way == "card" ? 0.5 + (id % 3) * 0.5 : 0.75 + (id % 2) * 0.25;

    /// <summary>Whether there is a plate at the pass, or service is closing (the runners' predicate, saved by name with
    /// this kitchen as its target).</summary>
    public bool PassHasWork() => _plates.Count > 0 || _closing;

    /// <summary>Prints one line, stamped with the loop's time in minutes.</summary>
    public void Say(string text) => _log.WriteLine(Co.Loop.Time.ToString("0.00", CultureInfo.InvariantCulture).PadLeft(6) + "  " + text);

    /// <summary>A plate for order <paramref name="id"/> is ready at the pass (hold the pass's lock).</summary>
    public void Plate(int id) => _plates.Add(id);

    /// <summary>Takes the oldest plate from the pass, or 0 when there is none (hold the pass's lock).</summary>
    public int TakePlate()
    {
        if (_plates.Count == 0)
        {
            return 0;
        }

        int id = _plates[0];
        _plates.RemoveAt(0);
        return id;
    }

    /// <summary>Service is closing: the runners leave once the pass is empty.</summary>
    public void Close() => _closing = true;

    /// <summary>A callback the loop runs at a set time (saved in the timer queue by name).</summary>
    public void StartHappyHour()
    {
        _happyHour = true;
        Say("happy hour: every tip counts double");
    }

    /// <summary>Order <paramref name="id"/> reached its table.</summary>
    public void Served(int id) => _served++;

    /// <summary>Order <paramref name="id"/> was dropped by <paramref name="chef"/> (too slow or spoiled).</summary>
    public void Drop(int id, string chef, string why)
    {
        _dropped++;
        Say(chef + " drops order #" + id + ": " + why);
    }

    /// <summary>Order <paramref name="id"/> paid; returns its tip.</summary>
    public int Pay(int id)
    {
        _takings += 10 + (id % 4) * 5;
        return (id % 3 == 0 ? 2 : 1) * (_happyHour ? 2 : 1);
    }

    /// <summary>The night's figures.</summary>
    public string Report(int tips) =>
        "served " + _served + ", dropped " + _dropped + ", takings " + _takings + ", tips " + tips;

    /// <summary>Stops logging (a saved kitchen whose process is about to exit).</summary>
    public void Mute() => _log = TextWriter.Null;

    /// <summary>Saves the kitchen's own state; on restore, hands back the kitchen given to it with that state.</summary>
    public sealed class Converter : ISaveConverter
    {
        private readonly Kitchen? _target;
        private readonly TextWriter? _log;

        /// <summary>A converter for saving.</summary>
        public Converter()
        {
        }

        /// <summary>A converter for restoring into <paramref name="target"/>.</summary>
        public Converter(Kitchen target) => _target = target;

        /// <summary>A converter that restores each saved kitchen as a new one logging to <paramref name="log"/> (to restore
        /// one snapshot several times).</summary>
        public Converter(TextWriter log) => _log = log;

        /// <inheritdoc/>
        public bool CanConvert(Type type) => type == typeof(Kitchen);

        /// <inheritdoc/>
        public void Write(object value, FieldWriter fields)
        {
            var kitchen = (Kitchen)value;
            fields.Add("Plates", kitchen._plates);
            fields.Add("Closing", kitchen._closing);
            fields.Add("HappyHour", kitchen._happyHour);
            fields.Add("Served", kitchen._served);
            fields.Add("Dropped", kitchen._dropped);
            fields.Add("Takings", kitchen._takings);
        }

        /// <inheritdoc/>
        public object Read(Type type, FieldReader fields)
        {
            Kitchen kitchen = _target ?? (_log is not null ? new Kitchen(_log) : throw new InvalidOperationException("Restore a kitchen with the Kitchen that will print it."));
            kitchen._plates.AddRange(fields.Get<List<int>>("Plates") ?? new List<int>());
            kitchen._closing = fields.Get<bool>("Closing");
            kitchen._happyHour = fields.Get<bool>("HappyHour");
            kitchen._served = fields.Get<int>("Served");
            kitchen._dropped = fields.Get<int>("Dropped");
            kitchen._takings = fields.Get<int>("Takings");
            return kitchen;
        }
    }
}
