// The one look of "remove this" in the conversation (a life goal, care goal, action or referral): a quiet red
// button that names what it removes, so a screen reader user hears which one.
import { Button } from '@mantine/core';

export function RemoveButton(props: {
  readonly label: string;
  readonly onRemove: () => void;
  /** Smaller for an item nested in another (a care goal in its life goal). */
  readonly nested?: boolean;
}) {
  return (
    <Button variant="subtle" color="red" size={props.nested ? 'compact-xs' : 'compact-sm'} onClick={props.onRemove}>
      {props.label}
    </Button>
  );
}
