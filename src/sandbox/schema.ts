import { buildSchema, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { mutationResolvers } from './resolvers/mutations';
import { queryResolvers } from './resolvers/queries';
import { subscriptionResolvers } from './resolvers/subscriptions';
import { installScalars } from './scalars';
import { SANDBOX_SDL } from './sdl';

/** The executable sandbox schema: the SDL subset with Blink-like scalars and the resolvers attached. */

function attach(type: GraphQLObjectType | null | undefined, resolvers: Record<string, unknown>, key: 'resolve' | 'both'): void {
  if (type === null || type === undefined) throw new Error('bug: root type missing from the sandbox SDL');
  const fields = type.getFields();
  for (const [name, resolver] of Object.entries(resolvers)) {
    const field = fields[name];
    if (field === undefined) throw new Error(`bug: resolver for ${type.name}.${name}, which the SDL lacks`);
    if (key === 'resolve') field.resolve = resolver as typeof field.resolve;
    else Object.assign(field, resolver);
  }
}

export function createSandboxSchema(): GraphQLSchema {
  const schema = buildSchema(SANDBOX_SDL);
  installScalars(schema);
  attach(schema.getQueryType(), queryResolvers, 'resolve');
  attach(schema.getMutationType(), mutationResolvers, 'resolve');
  attach(schema.getSubscriptionType(), subscriptionResolvers, 'both');
  return schema;
}
