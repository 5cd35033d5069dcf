import { PeopleList } from './people-list.js';
import { PersonView } from './person-view.js';

/** /person?key=KEY: one person; /person without a key: the list of people. */
export function PersonPage(props: { params: URLSearchParams }) {
  const key = props.params.get('key')?.trim() ?? '';
  return key === '' ? <PeopleList params={props.params} /> : <PersonView personKey={key} />;
}
