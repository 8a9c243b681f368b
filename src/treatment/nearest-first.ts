/**
 * The nearest `keep` of a stream of (place, distance) pairs, in order, and how many there were: a page
 * of 20 shows the nearest of what may be hundreds of facilities in a city's radius, so only those are
 * ever ordered. Ties go to the lower place, so the same facilities always come in the same order.
 *
 * Up to `KEPT_IN_ORDER` are kept in order as they come (an insertion, cheap for a page); a deep page
 * (page × page size above that) gathers them all and sorts once, so that a request for page 10,000
 * cannot make the insertion quadratic.
 */
export const KEPT_IN_ORDER = 128;

export class NearestFirst {
  /** How many pairs were added. */
  total = 0;
  private readonly places: number[] = [];
  private readonly distances: number[] = [];
  private readonly inOrder: boolean;

  constructor(private readonly keep: number) {
    this.inOrder = keep <= KEPT_IN_ORDER;
  }

  add(place: number, distance: number): void {
    this.total++;
    const { places, distances } = this;
    if (!this.inOrder) {
      places.push(place);
      distances.push(distance);
      return;
    }
    let at = places.length;
    if (at === this.keep) {
      // Full: it must come before the last kept, which then goes.
      if (at === 0 || !precedes(place, distance, places[at - 1]!, distances[at - 1]!)) return;
      at--;
    }
    while (at > 0 && precedes(place, distance, places[at - 1]!, distances[at - 1]!)) {
      places[at] = places[at - 1]!;
      distances[at] = distances[at - 1]!;
      at--;
    }
    places[at] = place;
    distances[at] = distance;
  }

  /** The kept places, nearest first. */
  nearest(): number[] {
    const { places, distances } = this;
    if (this.inOrder) return places.slice();
    const order = Array.from(places.keys()).sort((a, b) => (precedes(places[a]!, distances[a]!, places[b]!, distances[b]!) ? -1 : 1));
    return order.slice(0, this.keep).map((k) => places[k]!);
  }
}

function precedes(place: number, distance: number, otherPlace: number, otherDistance: number): boolean {
  return distance < otherDistance || (distance === otherDistance && place < otherPlace);
}
