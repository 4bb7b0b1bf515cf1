using System;
using System.Collections;
using System.Collections.Generic;
using System.Reflection;
using Engine.Persist;

namespace Engine.World;

// Saves exceptions inside a whole-loop snapshot: a failed task's or future's exception, a cancellation or interrupt
// waiting to be raised in a coroutine, the exception a catching frame is about to receive.
//
// Representation: the type, the message, the inner exception(s) (an AggregateException's list; a TaskGroupException's
// task names too; whether a CancelledException's message is only a default text), Source, the Data entries (the engine keeps an error's context chain there) and the stack trace as
// text. Restore rebuilds the same type through its public (message) or (message, inner) constructor and checks the
// message came out the same; a type that cannot be rebuilt that way becomes a RestoredException that keeps the type's
// name. A stack trace cannot be given back to an exception that was not thrown: the saved text is in
// Data["Engine.SavedStackTrace"]. Fields of user exception types beyond these are not saved: a converter registered
// for the type (passed to Save and Restore) is tried before this one. Cold path.
internal sealed class ExceptionConverter : ISaveConverter
{
    internal const string StackTraceKey = "Engine.SavedStackTrace";

    public bool CanConvert(Type type) => typeof(Exception).IsAssignableFrom(type);

    public void Write(object value, FieldWriter fields)
    {
        var exception = (Exception)value;
        Type type = exception.GetType();
        fields.Writer.PushPath(type.Name);
        fields.Add("Message", exception is AggregateException ? RawMessage((AggregateException)exception) : exception.Message);
        if (exception is AggregateException aggregate)
        {
            fields.Add("Inners", new List<Exception>(aggregate.InnerExceptions));
        }
        else
        {
            fields.Add("Inner", exception.InnerException);
        }

        if (exception is TaskGroupException group)
        {
            fields.Add("TaskNames", new List<string>(group.TaskNames));
        }

        if (exception is CancelledException { HasGivenMessage: false })
        {
            fields.Add("NoGivenMessage", true); // a default text, not a cancel message (CancelledException.HasGivenMessage)
        }

        fields.Add("Source", exception.Source);
        string? stack = exception.StackTrace ?? exception.Data[StackTraceKey] as string;
        fields.Add("StackTrace", stack);
        var keys = new List<string>();
        var values = new List<object?>();
        foreach (DictionaryEntry entry in exception.Data)
        {
            if (entry.Key is string key)
            {
                if (key != StackTraceKey)
                {
                    keys.Add(key);
                    values.Add(entry.Value);
                }
            }
            else
            {
                fields.Writer.AddProblem("Data holds a key of type " + entry.Key.GetType().FullName + ": a snapshot saves only string keys");
            }
        }

        if (keys.Count > 0)
        {
            fields.Add("DataKeys", keys);
            fields.Add("DataValues", values);
        }

        fields.Writer.PopPath();
    }

    public object Read(Type type, FieldReader fields)
    {
        string message = fields.Get<string>("Message") ?? string.Empty;
        Exception? inner = fields.Get<Exception>("Inner");
        List<Exception>? inners = fields.Get<List<Exception>>("Inners");
        Exception exception = Construct(type, message, inner, inners, fields.Get<List<string>>("TaskNames")) ??
            new RestoredException(GraphWriter.TypeName(type), message, inner ?? (inners is { Count: > 0 } ? inners[0] : null));
        if (fields.Get<bool>("NoGivenMessage") && exception is CancelledException cancelled)
        {
            cancelled.MarkMessageNotGiven();
        }

        exception.Source = fields.Get<string>("Source");
        if (fields.Get<string>("StackTrace") is { } stack)
        {
            exception.Data[StackTraceKey] = stack;
        }

        List<string>? keys = fields.Get<List<string>>("DataKeys");
        List<object?>? values = fields.Get<List<object?>>("DataValues");
        for (int i = 0; keys is not null && values is not null && i < keys.Count; i++)
        {
            exception.Data[keys[i]] = values[i];
        }

        return exception;
    }

    // The same type through a public constructor, if it reproduces the saved message exactly; otherwise null.
    private static Exception? Construct(Type type, string message, Exception? inner, List<Exception>? inners, List<string>? taskNames)
    {
        try
        {
            Exception? made;
            if (type == typeof(TaskGroupException))
            {
                made = new TaskGroupException(message, taskNames ?? new List<string>(), inners ?? new List<Exception>());
            }
            else if (inners is not null)
            {
                made = Create(type, new[] { typeof(string), typeof(IEnumerable<Exception>) }, message, inners);
            }
            else if (inner is not null)
            {
                made = Create(type, new[] { typeof(string), typeof(Exception) }, message, inner);
            }
            else
            {
                made = Create(type, new[] { typeof(string) }, message);
            }

            return made is not null && (made is AggregateException a ? RawMessage(a) : made.Message) == message ? made : null;
        }
        catch (TargetInvocationException)
        {
            return null; // the constructor refused the saved values: the stand-in keeps them
        }
    }

    private static Exception? Create(Type type, Type[] parameters, params object[] arguments) =>
        type.IsAbstract ? null : type.GetConstructor(parameters)?.Invoke(arguments) as Exception;

    // An AggregateException's own message, without the inner messages its Message appends.
    private static string RawMessage(AggregateException aggregate)
    {
        if (aggregate is TaskGroupException)
        {
            return aggregate.Message; // its own text only
        }

        string message = aggregate.Message;
        string suffix = string.Empty;
        foreach (Exception inner in aggregate.InnerExceptions)
        {
            suffix += " (" + inner.Message + ")";
        }

        return suffix.Length > 0 && message.EndsWith(suffix, StringComparison.Ordinal) ? message.Substring(0, message.Length - suffix.Length) : message;
    }
}
