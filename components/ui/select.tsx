import { controlClasses, type ControlLook } from "./input";

export type SelectProps = React.SelectHTMLAttributes<HTMLSelectElement> & ControlLook & { ref?: React.Ref<HTMLSelectElement> };

/** A native `<select>` with the form-control look. */
export function Select({ compact, width, className, ...props }: SelectProps) {
  return <select className={controlClasses({ compact, width }, className)} {...props} />;
}
