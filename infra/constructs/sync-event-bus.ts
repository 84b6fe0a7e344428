import * as events from 'aws-cdk-lib/aws-events';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** Where the change events go (docs/events.md). Give at most one of the two. */
export interface SyncEventBusProps {
  /** Starts the new bus's name (`<instanceName>-changes`), so two copies never collide. */
  readonly instanceName: string;
  /** Name of an existing bus in this account and region. @default - a new bus */
  readonly existingBusName?: string;
  /** ARN of an existing bus (another account's, when its policy lets this one put events). @default - a new bus */
  readonly existingBusArn?: string;
}

/**
 * The EventBridge bus the sync publishes its change events to: a new custom bus, or an existing
 * one named in context (`eventBusName` / `eventBusArn`). Functions get `events:PutEvents` on this
 * bus only.
 */
export class SyncEventBus extends Construct {
  readonly bus: events.IEventBus;
  /** True when this construct created the bus. */
  readonly created: boolean;

  constructor(scope: Construct, id: string, props: SyncEventBusProps) {
    super(scope, id);
    if (props.existingBusName !== undefined && props.existingBusArn !== undefined) {
      throw new Error('SyncEventBus: existingBusName and existingBusArn name the same thing: give only one of them.');
    }
    this.created = props.existingBusName === undefined && props.existingBusArn === undefined;
    if (props.existingBusArn !== undefined) {
      this.bus = events.EventBus.fromEventBusArn(this, 'Bus', props.existingBusArn);
    } else if (props.existingBusName !== undefined) {
      this.bus = events.EventBus.fromEventBusName(this, 'Bus', props.existingBusName);
    } else {
      this.bus = new events.EventBus(this, 'Bus', {
        eventBusName: `${props.instanceName}-changes`,
        description: `${props.instanceName}: LiteMaaS model sync change events (source litemaas.model-sync)`,
      });
    }
  }

  /**
   * The value for `EVENT_BUS_NAME`: PutEvents accepts a name or an ARN, and only the ARN reaches
   * a bus in another account.
   */
  get busReference(): string {
    return this.bus.eventBusArn;
  }

  /** Grants `events:PutEvents` on this bus only. */
  grantPut(grantee: iam.IGrantable): void {
    this.bus.grantPutEventsTo(grantee);
  }
}
