// OpenAI's own client against a serving endpoint: the base URL is `<host>/serving-endpoints` and
// the model is the endpoint's name. Against a workspace it uses DATABRICKS_TOKEN; against the
// embedded emulator, the emulator's token. Creates nothing, so it runs any number of times.
//
//   npx tsx examples/openai-client.mts       # a workspace if credentials resolve, else the emulator
import OpenAI from "openai";
import { connect } from "databricks-deployments/emulator";

const { client, description, emulator, close } = await connect();
console.log(description);

try {
  const token = emulator?.token ?? process.env.DATABRICKS_TOKEN;
  if (token === undefined) throw new Error("set DATABRICKS_TOKEN: the OpenAI client needs the token itself");
  const endpointName = process.env.ENDPOINT ?? "chat";
  const openai = new OpenAI({ baseURL: `${client.host}/serving-endpoints`, apiKey: token });

  const completion = await openai.chat.completions.create({
    model: endpointName,
    messages: [{ role: "user", content: "Say hello" }],
    max_tokens: 32,
  });
  console.log(completion.choices[0]?.message.content?.split("\n")[0]);

  const stream = await openai.chat.completions.create({ model: endpointName, messages: [{ role: "user", content: "Stream, please" }], stream: true });
  let text = "";
  for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
  console.log(`streamed ${text.split(/\s+/).filter(Boolean).length} words`);
} finally {
  await close();
}
