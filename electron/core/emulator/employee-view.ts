/** A Map-like, read-only view over some of a lazily generated company's employees (company.ts). */
import type { Employee } from './employee-gen';

/** A read-only, Map-like view of employees by id (Knit `recordId`), in hiring order; each read makes them anew. */
export interface EmployeeView {
  readonly size: number;
  get(id: string): Employee | undefined;
  has(id: string): boolean;
  keys(): IterableIterator<string>;
  values(): IterableIterator<Employee>;
}

/** How a view reaches the company: which indexes it holds, and how an index becomes an id or an employee. */
export interface ViewSource {
  size(): number;
  /** The index of `id` in the company, -1 when none. */
  indexOf(id: string): number;
  holds(index: number): boolean;
  indexes(): IterableIterator<number>;
  idAt(index: number): string;
  at(index: number): Employee;
}

/** A view over the employees `source` holds. */
export function employeeView(source: ViewSource): EmployeeView {
  const find = (id: string): number => {
    const i = source.indexOf(id);
    return i >= 0 && source.holds(i) ? i : -1;
  };
  const map = <T>(f: (i: number) => T) =>
    function* (): IterableIterator<T> {
      for (const i of source.indexes()) yield f(i);
    };
  return {
    get size() {
      return source.size();
    },
    get: (id) => {
      const i = find(id);
      return i >= 0 ? source.at(i) : undefined;
    },
    has: (id) => find(id) >= 0,
    keys: map((i) => source.idAt(i)),
    values: map((i) => source.at(i)),
  };
}
